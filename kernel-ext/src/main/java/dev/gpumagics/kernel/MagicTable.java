package dev.gpumagics.kernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The magics a cell of this kernel can name: the kernel's own ({@code %maven}, {@code %jars}, ...) and
 * the GPU magics, each under one name. A name taken twice is a mistake in the kernel's wiring, found at
 * start-up.
 */
final class MagicTable {

    /** {@code %name args}: what it returns, if anything, is the cell's value when it is the cell's last step. */
    interface LineMagic {
        @Nullable Object run(List<String> args) throws Exception;
    }

    /** {@code %%name args} heading a cell: the body is the rest of the cell. */
    interface CellMagic {
        @Nullable Object run(List<String> args, String body) throws Exception;
    }

    private final Map<String, LineMagic> lines = new LinkedHashMap<>();
    private final Map<String, CellMagic> cells = new LinkedHashMap<>();

    void addLine(String name, LineMagic magic) {
        if (lines.putIfAbsent(name, magic) != null) {
            throw new IllegalStateException("two line magics named %" + name);
        }
    }

    void addCell(String name, CellMagic magic) {
        if (cells.putIfAbsent(name, magic) != null) {
            throw new IllegalStateException("two cell magics named %%" + name);
        }
    }

    Optional<LineMagic> line(String name) {
        return Optional.ofNullable(lines.get(name));
    }

    Optional<CellMagic> cell(String name) {
        return Optional.ofNullable(cells.get(name));
    }
}
