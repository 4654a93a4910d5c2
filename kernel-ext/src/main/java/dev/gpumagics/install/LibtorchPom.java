package dev.gpumagics.install;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A libtorch pom that install puts beside the jar in an IJava or JJava kernelspec. The build writes its
 * versions from the parent pom, so it is also where install reads the pytorch version to tell users.
 *
 * @param name its file name in the kernelspec folder
 * @param dependencies {@code group:artifact:version:classifier} of each jar it lists
 */
public record LibtorchPom(String name, List<String> dependencies) {

    public static final LibtorchPom CPU = read("gpumagics-libtorch-cpu.pom");
    public static final LibtorchPom GPU = read("gpumagics-libtorch-gpu.pom");

    /** The version {@code %maven org.bytedeco:pytorch:V} must name for these natives. */
    public String pytorchVersion() {
        return dependencies.stream().filter(d -> d.startsWith("org.bytedeco:pytorch:")).findFirst()
                .map(d -> d.split(":")[2]).orElseThrow();
    }

    private static LibtorchPom read(String name) {
        try (InputStream in = LibtorchPom.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("this gpumagics.jar lacks " + name + "; rebuild it with mvn package");
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            NodeList nodes = factory.newDocumentBuilder().parse(in).getElementsByTagNameNS("*", "dependency");
            List<String> dependencies = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                Element dependency = (Element) nodes.item(i);
                dependencies.add(String.join(":", text(dependency, "groupId"), text(dependency, "artifactId"),
                        text(dependency, "version"), text(dependency, "classifier")));
            }
            return new LibtorchPom(name, List.copyOf(dependencies));
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot read " + name + " from gpumagics.jar: " + e.getMessage(), e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList found = parent.getElementsByTagNameNS("*", tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().strip();
    }
}
