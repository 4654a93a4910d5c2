package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.jupyter.kernel.MimeBundle;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Showing a value: on its own thread, stopped by interrupt or at the time limit, cut at the size limit. */
class ValueDisplayTest {

    private final ValueDisplay display = new ValueDisplay(value -> MimeBundle.text(String.valueOf(value)), Duration.ofSeconds(2), 100);

    @Test
    void aValueIsShownByItsText() {
        assertEquals("42", display.show(42).plainText());
        assertEquals("null", display.show(null).plainText());
    }

    @Test
    void textPastTheLimitIsCutAndSaysSo() {
        String shown = display.show("y".repeat(250)).plainText();
        assertTrue(shown.startsWith("y".repeat(100) + "\n[cut: the value's text is 250 characters; the first 100 are shown]"), shown);
    }

    @Test
    void aToStringThatNeverEndsIsStoppedAtTheLimitAndTheNextValueIsShown() {
        Object looping = new Object() {
            @Override
            public String toString() {
                while (true) {
                    Thread.onSpinWait();
                }
            }
        };
        String shown = display.show(looping).plainText();
        assertEquals("[value not shown: showing it (its toString()) ran past the 2 s limit and was stopped]", shown);
        assertEquals("next", display.show("next").plainText());
    }

    @Test
    void interruptStopsARenderingInProgress() throws Exception {
        Object looping = new Object() {
            @Override
            public String toString() {
                while (true) {
                    Thread.onSpinWait();
                }
            }
        };
        ValueDisplay patient = new ValueDisplay(value -> MimeBundle.text(String.valueOf(value)), Duration.ofMinutes(5), 100);
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            patient.interrupt();
        });
        interrupter.start();
        long start = System.nanoTime();
        assertThrows(ValueDisplay.Interrupted.class, () -> patient.show(looping));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 60, "stopped long before the limit");
        assertEquals("after", patient.show("after").plainText());
    }

    @Test
    void anErrorWhileShowingIsTheCellsFailure() {
        Object recursive = new Object() {
            @Override
            public String toString() {
                return "again " + this;
            }
        };
        ValueDisplay.RenderFailure failure = assertThrows(ValueDisplay.RenderFailure.class, () -> display.show(recursive));
        assertInstanceOf(StackOverflowError.class, failure.getCause());
        assertEquals("fine", display.show("fine").plainText());
    }
}
