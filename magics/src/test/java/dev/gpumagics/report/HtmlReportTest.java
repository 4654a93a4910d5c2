package dev.gpumagics.report;

import static dev.gpumagics.look.RecordedProbes.AT;
import static dev.gpumagics.look.RecordedProbes.HOST;
import static dev.gpumagics.look.RecordedProbes.PID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.RecordedProbes;
import dev.gpumagics.look.ReportAssembler;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.Probed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The HTML report, from recorded probe values: what an untrusted notebook keeps of it, and what it says. */
class HtmlReportTest {

    /**
     * What Classic Notebook 6.4.12's sanitizer keeps of an untrusted output (notebook/static/components/sanitizer/index.js,
     * Debian's 6.4.12-2.2): these tags, these attributes on them or on any tag; style attributes lose every value.
     */
    static final Set<String> GLOBAL_ATTRIBUTES = Set.of("class", "dir", "hidden", "id", "lang", "title");
    static final Map<String, Set<String>> KEPT = Map.ofEntries(
            Map.entry("div", Set.of("align")), Map.entry("p", Set.of("align")), Map.entry("b", Set.of()), Map.entry("h4", Set.of("align")),
            Map.entry("code", Set.of()), Map.entry("pre", Set.of("width")),
            Map.entry("img", Set.of("align", "alt", "border", "height", "hspace", "ismap", "name", "src", "usemap", "vspace", "width")),
            Map.entry("map", Set.of("name")), Map.entry("area", Set.of("accesskey", "alt", "coords", "href", "nohref", "shape", "tabindex")),
            Map.entry("table", Set.of("align", "bgcolor", "border", "cellpadding", "cellspacing", "frame", "rules", "summary", "width")),
            Map.entry("thead", Set.of("align", "char", "charoff", "valign")), Map.entry("tbody", Set.of("align", "char", "charoff", "valign")),
            Map.entry("tr", Set.of("align", "bgcolor", "char", "charoff", "valign")),
            Map.entry("td", Set.of("abbr", "align", "axis", "bgcolor", "char", "charoff", "colspan", "headers", "height", "nowrap",
                    "rowspan", "scope", "valign", "width")),
            Map.entry("th", Set.of("abbr", "align", "axis", "bgcolor", "char", "charoff", "colspan", "headers", "height", "nowrap",
                    "rowspan", "scope", "valign", "width")));

    private static MemoryReport report(ReportOptions options, Probed<List<dev.gpumagics.probe.value.AllocatorStats>> allocator) {
        return ReportAssembler.assemble(AT, PID, Probed.present(RecordedProbes.twoH100s()), Probed.present(RecordedProbes.cudaSwapped()),
                allocator, HOST, RecordedProbes::identity, options);
    }

    private static MemoryReport withTorch() {
        return report(ReportOptions.ALL, Probed.present(List.of(RecordedProbes.allocator(1, 544, 546))));
    }

    private static MemoryReport withoutAllocator(boolean processes) {
        return report(new ReportOptions(Optional.of(DeviceId.gpu(0)), processes), Probed.unavailable("CUDA cannot be asked here", ""));
    }

    static List<String> all(String regex, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** A table's body rows, each as the text of its cells (tags dropped, &nbsp; as a space). */
    static List<List<String>> rows(String html, String tableClass) {
        String table = all("<table class=\"" + tableClass + "\">(.*?)</table>", html).get(0);
        List<List<String>> rows = new ArrayList<>();
        for (String row : all("<tr>(.*?)</tr>", table.substring(table.indexOf("<tbody>")))) {
            rows.add(all("<t[dh][^>]*>(.*?)</t[dh]>", row).stream()
                    .map(cell -> cell.replaceAll("<[^>]+>", "").replace("&nbsp;", " ").replace("&lt;", "<").strip()).toList());
        }
        return rows;
    }

    @Test
    void everyTagAndAttributeIsOneAnUntrustedNotebookKeeps() {
        for (String html : List.of(HtmlReport.render(withTorch()), HtmlReport.render(withoutAllocator(false)))) {
            assertTrue(keptTags(html) > 50, html);
        }
    }

    /** Asserts that an untrusted notebook keeps every tag and attribute of {@code html}; answers how many tags it has. */
    static int keptTags(String html) {
        assertTrue(!html.contains("<svg") && !html.contains("style="), html);
        Matcher tag = Pattern.compile("<([a-z0-9]+)([^>]*)>").matcher(html);
        int tags = 0;
        while (tag.find()) {
            tags++;
            String name = tag.group(1);
            assertTrue(KEPT.containsKey(name), "<" + name + "> is stripped");
            for (String attribute : all("\\s([a-z-]+)=\"", tag.group(2))) {
                assertTrue(GLOBAL_ATTRIBUTES.contains(attribute) || KEPT.get(name).contains(attribute),
                        "<" + name + " " + attribute + "> loses the attribute");
            }
        }
        return tags;
    }

    @Test
    void theLegendNamesTheBarsPiecesInItsOrderWithTheirColours() {
        String html = HtmlReport.render(withTorch());
        String device0 = html.substring(0, html.indexOf("<h4>GPU 1"));
        List<String> areas = all("<area [^>]*alt=\"([^\"]+)\"", device0);
        List<String> swatches = all("<img class=\"gpumagics-swatch\" [^>]*alt=\"([^\"]+)\"", device0);
        assertEquals(List.of("this kernel: tensors", "this kernel: cache", "this kernel: context and libraries", "other processes",
                "other used (driver, unlisted processes)", "free"), areas);
        assertEquals(areas, swatches, "one colour square per piece of the bar, in the bar's order");
        List<String> uris = all("<img class=\"gpumagics-swatch\" src=\"([^\"]+)\"", device0);
        for (int i = 0; i < uris.size(); i++) {
            java.awt.image.BufferedImage swatch = Pictures.decodeDataUri(uris.get(i));
            assertEquals(BarPiece.values()[i < 3 ? i : i + 1].rgb(), Pictures.rgb(swatch, swatch.getWidth() / 2, swatch.getHeight() / 2),
                    swatches.get(i));
        }
        assertTrue(device0.contains("title=\"this kernel: tensors: 544 MiB (0.7% of the GPU)\""), device0);
        assertTrue(device0.contains("alt=\"GPU 0 memory: this kernel: tensors 544 MiB, this kernel: cache 2.00 MiB,"), device0);
        assertEquals(List.of(
                List.of("", "this kernel", "1.20 GiB", "1.5%"),
                List.of("", "tensors (allocated; peak 1.07 GiB)", "544 MiB", "0.7%"),
                List.of("", "cache (reserved, unallocated)", "2.00 MiB", "<0.1%"),
                List.of("", "context and libraries", "684 MiB", "0.8%"),
                List.of("", "other processes (2)", "11.6 GiB", "15%"),
                List.of("", "other used (driver, unlisted processes)", "1.00 MiB", "<0.1%"),
                List.of("", "free", "66.8 GiB", "84%")), rows(device0, "gpumagics-legend"));
    }

    @Test
    void theKernelsPiecesSitUnderItsRowAndTheOtherProcessesHaveColumnsOfTheirOwn() {
        String html = HtmlReport.render(withTorch());
        assertTrue(html.contains("<div align=\"left\">&nbsp;&nbsp;&nbsp;&nbsp;tensors (allocated; peak 1.07&nbsp;GiB)"
                .replace("1.07&nbsp;GiB", "1.07 GiB")), html);
        assertTrue(html.contains("<div align=\"left\">this kernel</div>") && html.contains("<div align=\"left\">other processes (2)</div>"), html);
        String processes = all("(<table class=\"gpumagics-processes\">.*?</table>)", html).get(0);
        assertEquals(List.of("pid", "user", "GPU memory", "of GPU", "command"),
                all("<th[^>]*>(.*?)</th>", processes).stream().map(h -> h.replaceAll("<[^>]+>", "").replace("&nbsp;", " ")).toList());
        assertEquals(List.of(List.of("52011", "alice", "11.6 GiB", "15%", "python train.py --epochs 3"),
                List.of("60000", "", "N/A", "", "(not visible from here: another container or pid namespace)")),
                rows(html, "gpumagics-processes"));
        assertEquals(1, all("(gpumagics-processes)", html).size(), "GPU 1 has no other process: no table");
    }

    @Test
    void noFigureCanWrapAndNoTextCellIsRightAligned() {
        String html = HtmlReport.render(withTorch());
        for (String figure : all("<td align=\"right\">(.*?)</td>", html)) {
            assertTrue(!figure.contains(" "), "breaks at a space: " + figure);
        }
        assertTrue(html.contains("used 12.8&nbsp;GiB of 79.6&nbsp;GiB (16%), free 66.8&nbsp;GiB, utilization 37%"), html);
        for (String cell : all("<td>(.*?)</td>", html)) {
            assertTrue(cell.isEmpty() || cell.startsWith("<div align=\"left\">") || cell.startsWith("<img "),
                    "the notebook right-aligns a plain cell: " + cell);
        }
    }

    @Test
    void withoutAllocatorCountersItShowsTheNoteAndUtilizationAndClaimsNoContext() {
        String html = HtmlReport.render(withoutAllocator(true));
        assertTrue(html.contains("utilization 37%"), html);
        assertTrue(html.contains("no tensor/cache split: CUDA cannot be asked here"), html);
        assertTrue(!html.contains("is the CUDA context"), html);
        assertEquals(List.of("this kernel", "other processes", "other used (driver, unlisted processes)", "free"),
                all("<area [^>]*alt=\"([^\"]+)\"", html));
    }

    @Test
    void withoutTheProcessListOtherUsersMemoryKeepsItsPieceAndName() {
        String html = HtmlReport.render(withoutAllocator(false));
        assertTrue(html.contains("title=\"other processes: 11.6 GiB (15% of the GPU)\""), html);
        assertTrue(html.contains("title=\"other used (driver, unlisted processes): 1.00 MiB (&lt;0.1% of the GPU)\""), html);
        assertEquals(List.of("", "other processes (2, not listed: --no-procs)", "11.6 GiB", "15%"), rows(html, "gpumagics-legend").get(2));
        assertTrue(!html.contains("gpumagics-processes") && !html.contains("52011"), html);
    }

    @Test
    void eachBarHasAnImageMapOfItsOwn() {
        String html = HtmlReport.render(withTorch());
        List<String> maps = all("<map name=\"([^\"]+)\">", html);
        assertEquals(2, maps.size());
        assertNotEquals(maps.get(0), maps.get(1));
        assertEquals(maps, all("usemap=\"#([^\"]+)\"", html));
        assertTrue(html.contains("python train.py --epochs 3"));
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot;", HtmlReport.escape("a <b> & \"c\""));
    }
}
