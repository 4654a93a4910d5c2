package dev.gpumagics.look;

/** A report asked for a device that is not there; the message is one line for the user. */
public final class NoSuchDeviceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NoSuchDeviceException(String message) {
        super(message);
    }
}
