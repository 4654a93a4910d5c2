package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** kernel_info's implementation_version is the version the build gives the project, not a string in the code. */
class BuildVersionTest {

    /** {@code <version>} of the parent pom, the one place the project's version is written. */
    private static String pomVersion() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("..", "pom.xml").toFile()).getDocumentElement();
        for (var child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals("version")) {
                return element.getTextContent().strip();
            }
        }
        throw new AssertionError("no <version> in ../pom.xml");
    }

    @Test
    void theKernelReportsThePomsVersion() throws Exception {
        assertEquals(pomVersion(), BuildVersion.ofThisBuild());
        GpuMagicsKernel kernel = new GpuMagicsKernel(NotebookShell.start());
        try {
            assertEquals(pomVersion(), kernel.info().implementationVersion());
        } finally {
            kernel.shutdown(false);
        }
    }
}
