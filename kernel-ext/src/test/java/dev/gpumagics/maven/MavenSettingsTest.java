package dev.gpumagics.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;

/**
 * {@code %maven} resolves as Maven does for a user behind a company's repository: a real HTTP repository on loopback
 * that refuses requests without credentials, and a settings.xml of this test's own (never ~/.m2's), with a local
 * repository of its own.
 */
class MavenSettingsTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret";

    @TempDir
    Path dir;

    private Path settings(String body) throws Exception {
        return Files.writeString(dir.resolve("settings-" + System.nanoTime() + ".xml"),
                "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">\n" + body + "</settings>\n");
    }

    private static String mirrorOfEverything(String url) {
        return "<mirrors><mirror><id>company</id><mirrorOf>*</mirrorOf><url>" + url + "</url></mirror></mirrors>\n";
    }

    private static String server(String id, String password) {
        return "<servers><server><id>" + id + "</id><username>" + USER + "</username><password>" + password
                + "</password></server></servers>\n";
    }

    private MavenResolver resolver(Path settings) {
        return MavenResolver.fromSettings(settings, dir.resolve("no-settings-security.xml"), dir.resolve("local"));
    }

    /** The class the resolved jar holds, loaded and run. */
    private static String greetingFrom(List<Path> jars) throws Exception {
        assertEquals(1, jars.size(), jars.toString());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jars.get(0).toUri().toURL()}, null)) {
            return (String) loader.loadClass("fixture.Greeting").getMethod("hello").invoke(null);
        }
    }

    @Test
    void aMirrorOfEverythingWithItsServersCredentialsGivesTheJar() throws Exception {
        try (RepositoryServer company = RepositoryServer.repository(dir, USER, PASSWORD)) {
            Path settings = settings(mirrorOfEverything(company.url()) + server("company", PASSWORD));
            List<Path> jars = resolver(settings).resolve(Coordinates.parse(RepositoryServer.COORDINATES));
            assertEquals(RepositoryServer.GREETING, greetingFrom(jars));
            assertTrue(jars.get(0).startsWith(dir.resolve("local")), "into the settings' local repository: " + jars);
            assertTrue(company.requests().contains("GET " + RepositoryServer.PATH + "/dev/gpumagics/fixture/greeting/1.0/greeting-1.0.jar"),
                    company.requests().toString());
        }
    }

    @Test
    void withoutTheCredentialsTheRefusalIsOneLine() throws Exception {
        try (RepositoryServer company = RepositoryServer.repository(dir, USER, PASSWORD)) {
            Path settings = settings(mirrorOfEverything(company.url()));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> resolver(settings).resolve(Coordinates.parse(RepositoryServer.COORDINATES)));
            assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
            assertEquals("cannot resolve dev.gpumagics.fixture:greeting:jar:1.0: the repository company (" + company.url()
                    + ") refused it without credentials (HTTP 401); give Maven its credentials in a <server> with the id company"
                    + " in your settings.xml", refused.getMessage());
        }
    }

    @Test
    void anEncryptedPasswordIsReadThroughSettingsSecurityAsMavenReadsIt() throws Exception {
        // what mvn --encrypt-master-password and mvn --encrypt-password write
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        String master = "master of the company's passwords";
        Path security = Files.writeString(dir.resolve("settings-security.xml"), "<settingsSecurity><master>"
                + cipher.encryptAndDecorate(master, "settings.security") + "</master></settingsSecurity>\n");
        String encrypted = cipher.encryptAndDecorate(PASSWORD, master);
        assertTrue(encrypted.startsWith("{") && !encrypted.contains(PASSWORD), encrypted);
        try (RepositoryServer company = RepositoryServer.repository(dir, USER, PASSWORD)) {
            Path settings = settings(mirrorOfEverything(company.url()) + server("company", encrypted));
            List<Path> jars = MavenResolver.fromSettings(settings, security, dir.resolve("local"))
                    .resolve(Coordinates.parse(RepositoryServer.COORDINATES));
            assertEquals(RepositoryServer.GREETING, greetingFrom(jars));
        }
    }

    @Test
    void anActiveProfilesRepositoryIsSearchedWithItsServersCredentials() throws Exception {
        try (RepositoryServer company = RepositoryServer.repository(dir, USER, PASSWORD)) {
            String profile = "<profiles><profile><id>company</id><repositories><repository><id>company-releases</id><url>"
                    + company.url() + "</url></repository></repositories></profile></profiles>\n";
            Path inactive = settings(server("company-releases", PASSWORD) + profile);
            assertThrows(IllegalArgumentException.class, () -> resolver(inactive).resolve(Coordinates.parse(RepositoryServer.COORDINATES)),
                    "a profile that is not active adds no repository");
            Path active = settings(server("company-releases", PASSWORD) + profile
                    + "<activeProfiles><activeProfile>company</activeProfile></activeProfiles>\n");
            assertEquals(RepositoryServer.GREETING, greetingFrom(resolver(active).resolve(Coordinates.parse(RepositoryServer.COORDINATES))));
        }
    }

    @Test
    void anActiveProxyCarriesEveryRequestWithItsCredentials() throws Exception {
        // the mirror's host does not exist (.invalid never resolves): only the proxy can reach it
        try (RepositoryServer proxy = RepositoryServer.proxy(dir, USER, PASSWORD)) {
            Path settings = settings(mirrorOfEverything("http://repo.company.invalid/maven2")
                    + "<proxies><proxy><id>company-proxy</id><active>true</active><protocol>http</protocol><host>127.0.0.1</host>"
                    + "<port>" + proxy.port() + "</port><username>" + USER + "</username><password>" + PASSWORD
                    + "</password></proxy></proxies>\n");
            assertEquals(RepositoryServer.GREETING, greetingFrom(resolver(settings).resolve(Coordinates.parse(RepositoryServer.COORDINATES))));
            assertTrue(proxy.requests().contains("GET http://repo.company.invalid/maven2/dev/gpumagics/fixture/greeting/1.0/greeting-1.0.jar"),
                    proxy.requests().toString());
        }
    }

    @Test
    void offlineResolvesFromTheLocalRepositoryAloneAndSaysSoWhenItCannot() throws Exception {
        Path offline;
        try (RepositoryServer company = RepositoryServer.repository(dir, USER, PASSWORD)) {
            offline = settings("<offline>true</offline>\n" + mirrorOfEverything(company.url()) + server("company", PASSWORD));
            IllegalArgumentException notThere = assertThrows(IllegalArgumentException.class,
                    () -> resolver(offline).resolve(Coordinates.parse(RepositoryServer.COORDINATES)));
            assertEquals(1, notThere.getMessage().lines().count(), notThere.getMessage());
            assertTrue(notThere.getMessage().contains("offline"), notThere.getMessage());
            assertEquals(List.of(), company.requests(), "offline asks no server");
            resolver(settings(mirrorOfEverything(company.url()) + server("company", PASSWORD)))
                    .resolve(Coordinates.parse(RepositoryServer.COORDINATES));
        }
        // the server is gone: what the online run downloaded is all there is
        assertEquals(RepositoryServer.GREETING, greetingFrom(resolver(offline).resolve(Coordinates.parse(RepositoryServer.COORDINATES))));
    }
}
