package dev.gpumagics.watch;

/**
 * Whether the kernel watches its cells, and how: what {@code %gpuwatch} switches and the kernel reads as each cell
 * starts. Read from the kernel's thread, written from the magic's: every field is volatile. Off by default.
 */
public final class WatchSettings {

    private volatile boolean on;
    private volatile boolean live = true;
    private volatile boolean json;

    public boolean on() {
        return on;
    }

    /** Whether a long cell gets the live view. */
    public boolean live() {
        return live;
    }

    /** Whether each cell's record also comes as JSON ({@code application/json}). */
    public boolean json() {
        return json;
    }

    public void turnOn(boolean live, boolean json) {
        this.live = live;
        this.json = json;
        this.on = true;
    }

    public void turnOff() {
        on = false;
    }
}
