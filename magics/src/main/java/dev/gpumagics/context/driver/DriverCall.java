package dev.gpumagics.context.driver;

/**
 * The result of one driver call: its {@code CUresult} code and the driver's name for it.
 *
 * @param code 0 ({@code CUDA_SUCCESS}) on success
 * @param name the driver's text for the code, e.g. "operation not supported", or the code in digits
 */
public record DriverCall(int code, String name) {

    public static final DriverCall SUCCESS = new DriverCall(0, "no error");

    public boolean ok() {
        return code == 0;
    }
}
