package dev.gpumagics.maven;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A Maven repository on loopback, over real HTTP (the JDK's server), serving a folder in Maven's layout and refusing
 * every request without the right Basic credentials, as a company's Nexus or Artifactory does. It serves one artifact,
 * {@link #COORDINATES}: a jar with one compiled class, {@code fixture.Greeting}, whose {@code hello()} says
 * {@link #GREETING}. As a proxy ({@link #proxy}) it answers requests for any host, and asks for proxy credentials.
 */
public final class RepositoryServer implements AutoCloseable {

    public static final String COORDINATES = "dev.gpumagics.fixture:greeting:1.0";
    public static final String GREETING = "hello from behind the mirror";
    public static final String PATH = "/maven2";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final List<String> requests = new ArrayList<>();

    private RepositoryServer(HttpServer server) {
        this.server = server;
    }

    /** A repository at {@code http://127.0.0.1:PORT/maven2} that wants {@code user:password}. */
    public static RepositoryServer repository(Path dir, String user, String password) throws Exception {
        return start(dir, "Authorization", 401, "WWW-Authenticate", user, password);
    }

    /** An HTTP proxy on loopback that wants {@code user:password} and serves the repository for any host it is asked for. */
    public static RepositoryServer proxy(Path dir, String user, String password) throws Exception {
        return start(dir, "Proxy-Authorization", 407, "Proxy-Authenticate", user, password);
    }

    private static RepositoryServer start(Path dir, String header, int refusal, String challenge, String user, String password)
            throws Exception {
        Path root = layOut(dir);
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RepositoryServer repository = new RepositoryServer(http);
        http.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                boolean allowed = expected.equals(exchange.getRequestHeaders().getFirst(header));
                synchronized (repository.requests) {
                    repository.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + (allowed ? "" : " refused"));
                }
                if (!allowed) {
                    exchange.getResponseHeaders().add(challenge, "Basic realm=\"company repository\"");
                    exchange.sendResponseHeaders(refusal, -1);
                    return;
                }
                Path file = path.startsWith(PATH + "/") ? root.resolve(path.substring(PATH.length() + 1)).normalize() : root.resolve("-");
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                send(exchange, Files.readAllBytes(file));
            }
        });
        http.setExecutor(repository.threads);
        http.start();
        return repository;
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** {@code http://127.0.0.1:PORT/maven2}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request so far, as {@code METHOD URI}, with {@code refused} after those without the credentials. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** The artifact's pom, jar and their SHA-1 files, in Maven's layout under {@code dir/repository}. */
    private static Path layOut(Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("repository")).toRealPath();
        Path version = Files.createDirectories(root.resolve("dev/gpumagics/fixture/greeting/1.0"));
        write(version.resolve("greeting-1.0.pom"), ("<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>dev.gpumagics.fixture</groupId><artifactId>greeting</artifactId><version>1.0</version></project>\n")
                .getBytes(StandardCharsets.UTF_8));
        write(version.resolve("greeting-1.0.jar"), jar(dir));
        return root;
    }

    private static void write(Path file, byte[] bytes) throws Exception {
        Files.write(file, bytes);
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), sha1);
    }

    /** A jar holding {@code fixture.Greeting}, compiled here by the JDK's own compiler. */
    private static byte[] jar(Path dir) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("sources/fixture"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path source = Files.writeString(sources.resolve("Greeting.java"),
                "package fixture;\npublic class Greeting { public static String hello() { return \"" + GREETING + "\"; } }\n");
        JavaCompiler javac = Optional.ofNullable(ToolProvider.getSystemJavaCompiler()).orElseThrow();
        if (javac.run(null, null, null, "--release", "17", "-d", classes.toString(), source.toString()) != 0) {
            throw new IllegalStateException("javac failed on " + source);
        }
        Path jar = dir.resolve("greeting-1.0.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("fixture/"));
            out.closeEntry();
            out.putNextEntry(new JarEntry("fixture/Greeting.class"));
            out.write(Files.readAllBytes(classes.resolve("fixture/Greeting.class")));
            out.closeEntry();
        }
        return Files.readAllBytes(jar);
    }
}
