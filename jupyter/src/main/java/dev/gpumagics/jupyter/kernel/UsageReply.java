package dev.gpumagics.jupyter.kernel;

import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What a kernel answers to {@code usage_request} on the control channel (what jupyter-resource-usage shows), in the
 * fields ipykernel answers with (6.17, {@code Kernel.usage_request}); a figure that cannot be had is left out of the reply.
 *
 * @param hostname the host's name, where it can be read
 * @param kernelCpuPercent {@code kernel_cpu}: the process's (and its children's) CPU since the last request, in percent of one core
 * @param kernelMemoryBytes {@code kernel_memory}: the process's (and its children's) proportional set size (PSS, else RSS), in bytes
 * @param hostCpuPercent {@code host_cpu_percent}: the whole host's CPU since the last request, in percent of all cores;
 *     ipykernel leaves it out of its first answer, which has nothing to compare with
 * @param cpuCount {@code cpu_count}: the host's logical CPUs
 * @param hostVirtualMemory {@code host_virtual_memory}: psutil's {@code virtual_memory()} fields by name ({@code total},
 *     {@code available}, {@code percent}, ...), bytes but for {@code percent}
 * @param extra what the kernel adds after those fields, each a top-level member of the reply
 */
public record UsageReply(Optional<String> hostname, long pid, double kernelCpuPercent, OptionalLong kernelMemoryBytes, OptionalDouble hostCpuPercent,
        int cpuCount, Map<String, Number> hostVirtualMemory, JsonObject extra) {

    public UsageReply {
        hostVirtualMemory = Map.copyOf(hostVirtualMemory);
        extra = extra.deepCopy();
    }

    /** The reply's content, ipykernel's fields first. */
    public JsonObject content() {
        JsonObject content = new JsonObject();
        hostname.ifPresent(name -> content.addProperty("hostname", name));
        content.addProperty("pid", pid);
        content.addProperty("kernel_cpu", kernelCpuPercent);
        kernelMemoryBytes.ifPresent(bytes -> content.addProperty("kernel_memory", bytes));
        hostCpuPercent.ifPresent(percent -> content.addProperty("host_cpu_percent", percent));
        content.addProperty("cpu_count", cpuCount);
        JsonObject memory = new JsonObject();
        new TreeMap<>(hostVirtualMemory).forEach(memory::addProperty);
        content.add("host_virtual_memory", memory);
        extra.entrySet().forEach(member -> content.add(member.getKey(), member.getValue()));
        return content;
    }
}
