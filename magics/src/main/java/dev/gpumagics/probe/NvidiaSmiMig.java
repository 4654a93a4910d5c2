package dev.gpumagics.probe;

import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * MIG instances as nvidia-smi shows them, which its CSV queries do not: {@code nvidia-smi -L} names each instance
 * under its GPU ("MIG 3g.40gb Device 1: (UUID: MIG-...)"), and {@code nvidia-smi -q -x} gives each {@code <mig_device>}
 * its {@code <fb_memory_usage>}. The two number the instances alike, by GPU and instance index; the XML does not always
 * carry an instance's UUID, the listing always does.
 */
final class NvidiaSmiMig {

    private static final Pattern GPU_LINE = Pattern.compile("GPU (\\d+): (.*?) \\(UUID: ([^)]+)\\)");
    private static final Pattern MIG_LINE = Pattern.compile("MIG (\\S+)\\s+Device\\s+(\\d+): \\(UUID: ([^)]+)\\)");

    /** One instance from the listing. */
    record Listed(DeviceId id, String gpuName, String gpuUuid, String profile, String uuid) {}

    private NvidiaSmiMig() {}

    /** The MIG instances of {@code nvidia-smi -L}, in its order; none where it lists none. */
    static List<Listed> listed(String listing) {
        List<Listed> instances = new ArrayList<>();
        Optional<Matcher> gpu = Optional.empty();
        for (String line : listing.lines().map(String::strip).toList()) {
            Matcher g = GPU_LINE.matcher(line);
            if (g.matches()) {
                gpu = Optional.of(g);
                continue;
            }
            Matcher m = MIG_LINE.matcher(line);
            if (m.matches() && gpu.isPresent()) {
                Matcher parent = gpu.get();
                instances.add(new Listed(DeviceId.mig(Integer.parseInt(parent.group(1)), Integer.parseInt(m.group(2))),
                        parent.group(2), parent.group(3), m.group(1), m.group(3)));
            }
        }
        return instances;
    }

    /**
     * Each listed instance as a device, with its memory where {@code xml} (the output of {@code nvidia-smi -q -x}, if it
     * could be had) gives it; named as NVML names an instance, its GPU's name and its profile.
     */
    static List<DeviceMemory> devices(List<Listed> listed, Optional<String> xml) {
        Map<String, Integer> indexByGpuUuid = new HashMap<>();
        listed.forEach(l -> indexByGpuUuid.put(l.gpuUuid(), l.id().gpu()));
        Map<DeviceId, Memory> memory = xml.map(text -> memory(text, indexByGpuUuid)).orElse(Map.of());
        List<DeviceMemory> devices = new ArrayList<>();
        for (Listed instance : listed) {
            Memory m = memory.getOrDefault(instance.id(), Memory.UNKNOWN);
            devices.add(DeviceMemory.of(instance.id(), instance.uuid(), instance.gpuName() + " MIG " + instance.profile())
                    .withMemory(m.total(), m.used(), m.free()));
        }
        return devices;
    }

    private record Memory(OptionalLong total, OptionalLong used, OptionalLong free) {
        static final Memory UNKNOWN = new Memory(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    /** Each {@code <mig_device>}'s framebuffer memory, its GPU known by its {@code <uuid>}, else by its place in the log (index order). */
    private static Map<DeviceId, Memory> memory(String xml, Map<String, Integer> indexByGpuUuid) {
        Map<DeviceId, Memory> memory = new HashMap<>();
        Optional<Document> document = parse(xml);
        if (document.isEmpty()) {
            return memory;
        }
        NodeList gpus = document.get().getDocumentElement().getElementsByTagName("gpu");
        for (int g = 0; g < gpus.getLength(); g++) {
            Element gpu = (Element) gpus.item(g);
            String uuid = child(gpu, "uuid").map(u -> u.getTextContent().strip()).orElse("");
            int gpuIndex = indexByGpuUuid.getOrDefault(uuid, g);
            NodeList instances = gpu.getElementsByTagName("mig_device");
            for (int i = 0; i < instances.getLength(); i++) {
                Element instance = (Element) instances.item(i);
                OptionalLong index = NvidiaSmiCsv.number(child(instance, "index").map(Node::getTextContent).orElse(""));
                Optional<Element> fb = child(instance, "fb_memory_usage");
                if (index.isEmpty() || fb.isEmpty()) {
                    continue;
                }
                memory.put(DeviceId.mig(gpuIndex, (int) index.getAsLong()),
                        new Memory(mib(fb.get(), "total"), mib(fb.get(), "used"), mib(fb.get(), "free")));
            }
        }
        return memory;
    }

    private static OptionalLong mib(Element parent, String name) {
        String text = child(parent, name).map(Node::getTextContent).orElse("").strip();
        return NvidiaSmiCsv.mib(text.endsWith(" MiB") ? text.substring(0, text.length() - 4) : text);
    }

    private static Optional<Element> child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    /** nvidia-smi's log names a DTD beside it ({@code nvsmi_device_v12.dtd}) that is never fetched: the parser reads this text alone. */
    private static Optional<Document> parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setExpandEntityReferences(false);
            return Optional.of(factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml))));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
    }
}
