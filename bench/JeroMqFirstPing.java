import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Whether a JeroMQ REQ socket's first message on a fresh connection reaches a ROUTER that echoes, with no GpuMagics
 * code: each trial makes a new server context and ROUTER, a new client context and REQ, sends one ping and waits 2 s.
 * Counts the pings that got no echo, and of those how many the ROUTER ever received.
 *
 * <p>usage: {@code java -cp jeromq-0.6.0.jar:jnacl-1.0.0.jar bench/JeroMqFirstPing.java [TRIALS] [--handover]}
 */
public class JeroMqFirstPing {

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        boolean handover = List.of(args).contains("--handover");
        int lost = 0;
        int lostButReceived = 0;
        for (int t = 0; t < trials; t++) {
            AtomicInteger received = new AtomicInteger();
            ZMQ.Context serverContext = ZMQ.context(1);
            ZMQ.Socket router = serverContext.socket(SocketType.ROUTER);
            router.setLinger(0);
            router.setRouterHandover(handover);
            router.bind("tcp://127.0.0.1:*");
            String endpoint = router.getLastEndpoint();
            Thread echo = new Thread(() -> echo(router, received));
            echo.setDaemon(true);
            echo.start();

            ZMQ.Context clientContext = ZMQ.context(1);
            ZMQ.Socket req = clientContext.socket(SocketType.REQ);
            req.setLinger(0);
            req.setReceiveTimeOut(2000);
            req.connect(endpoint);
            req.send("ping");
            if (req.recvStr() == null) {
                lost++;
                Thread.sleep(300);
                if (received.get() > 0) {
                    lostButReceived++;
                }
            }
            req.close();
            endBounded(clientContext);
            endBounded(serverContext);
        }
        System.out.println("JeroMQ REQ to ROUTER" + (handover ? " (handover)" : "") + ", first ping on a fresh connection: "
                + lost + " of " + trials + " got no echo; the ROUTER had received " + lostButReceived + " of those");
        System.exit(0);
    }

    private static void echo(ZMQ.Socket router, AtomicInteger received) {
        try {
            while (true) {
                byte[] first = router.recv(0);
                if (first == null) {
                    continue;
                }
                received.incrementAndGet();
                List<byte[]> frames = new ArrayList<>(List.of(first));
                while (router.hasReceiveMore()) {
                    frames.add(router.recv(0));
                }
                for (int i = 0; i < frames.size(); i++) {
                    router.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
                }
            }
        } catch (ZMQException e) {
            // the context ended
        }
    }

    /** JeroMQ's term can wait forever on a socket another thread still holds: give it 2 s on a daemon thread. */
    private static void endBounded(ZMQ.Context context) throws InterruptedException {
        Thread term = new Thread(context::term);
        term.setDaemon(true);
        term.start();
        term.join(2000);
    }
}
