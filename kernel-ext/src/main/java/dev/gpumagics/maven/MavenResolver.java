package dev.gpumagics.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

/**
 * Resolves {@code %maven} coordinates with Maven's own resolver, the way {@code mvn} would: the user's
 * {@code ~/.m2/settings.xml} (local repository, mirrors, proxies, offline) over Maven Central.
 * A JavaCPP native classifier ({@code org.bytedeco:pytorch:V:linux-x86_64-gpu}) also brings the
 * preset's classes and the natives of the presets it depends on, so one line is enough.
 */
public final class MavenResolver {

    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private final RepositorySystem system;
    private final DefaultRepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    private MavenResolver(Settings settings, Path userHome) {
        this.system = new RepositorySystemSupplier().get();
        this.session = MavenRepositorySystemUtils.newSession();
        String local = settings.getLocalRepository();
        Path localRepository = local != null && !local.isBlank()
                ? Path.of(local) : userHome.resolve(".m2").resolve("repository");
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
        session.setOffline(settings.isOffline());
        // poms activate profiles on java.version and os.*: without these, dependencies vanish silently
        session.setSystemProperties(System.getProperties());
        // a pom that cannot be read is an error to show, not a reason to drop its dependencies quietly
        session.setArtifactDescriptorPolicy(new org.eclipse.aether.util.repository.SimpleArtifactDescriptorPolicy(true, false));
        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (Mirror mirror : settings.getMirrors()) {
            mirrors.add(mirror.getId(), mirror.getUrl(), mirror.getLayout(), false, false, mirror.getMirrorOf(),
                    mirror.getMirrorOfLayouts());
        }
        session.setMirrorSelector(mirrors);
        DefaultProxySelector proxies = new DefaultProxySelector();
        for (Proxy proxy : settings.getProxies()) {
            if (proxy.isActive()) {
                proxies.add(new org.eclipse.aether.repository.Proxy(proxy.getProtocol(), proxy.getHost(), proxy.getPort(),
                        new AuthenticationBuilder().addUsername(proxy.getUsername()).addPassword(proxy.getPassword()).build()),
                        proxy.getNonProxyHosts());
            }
        }
        session.setProxySelector(proxies);
        RemoteRepository central = new RemoteRepository.Builder("central", "default", CENTRAL).build();
        this.repositories = system.newResolutionRepositories(session, List.of(central));
    }

    /** A resolver over the user's Maven settings ({@code ~/.m2/settings.xml}, then Maven's global ones). */
    public static MavenResolver fromUserSettings() {
        Path home = Path.of(System.getProperty("user.home"));
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        request.setUserSettingsFile(home.resolve(".m2").resolve("settings.xml").toFile());
        String mavenHome = System.getenv("MAVEN_HOME") != null ? System.getenv("MAVEN_HOME") : System.getenv("M2_HOME");
        if (mavenHome != null) {
            request.setGlobalSettingsFile(new File(mavenHome, "conf/settings.xml"));
        }
        request.setSystemProperties(System.getProperties());
        try {
            Settings settings = new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
            return new MavenResolver(settings, home);
        } catch (SettingsBuildingException e) {
            throw new IllegalArgumentException("cannot read the Maven settings: " + e.getProblems().get(0).getMessage(), e);
        }
    }

    /**
     * The jars of {@code coordinates} and their runtime dependencies, resolved and downloaded.
     *
     * @throws IllegalArgumentException with a one-line message when something cannot be resolved
     */
    public List<Path> resolve(Coordinates coordinates) {
        List<Path> jars = new ArrayList<>(resolveTree(artifact(coordinates, coordinates.classifier())));
        String platform = coordinates.platform();
        if (!platform.isEmpty()) {
            // a natives jar carries no pom of its own: add the classes and each preset's natives
            jars.addAll(resolveTree(artifact(coordinates, "")));
            for (Path jar : List.copyOf(jars)) {
                nativesBeside(jar, coordinates.classifier(), platform).ifPresent(jars::add);
            }
        }
        return List.copyOf(new LinkedHashSet<>(jars));
    }

    private java.util.Optional<Path> nativesBeside(Path jar, String classifier, String platform) {
        String name = jar.getFileName().toString();
        Path versionDir = jar.getParent();
        if (!jar.toString().contains(File.separator + "org" + File.separator + "bytedeco" + File.separator)
                || name.contains("-" + platform) || versionDir == null || versionDir.getParent() == null) {
            return java.util.Optional.empty();
        }
        String version = versionDir.getFileName().toString();
        String artifact = versionDir.getParent().getFileName().toString();
        // the classifier asked for (linux-x86_64-gpu) first, then the plain platform (openblas has no -gpu)
        for (String candidate : new LinkedHashSet<>(List.of(classifier, platform))) {
            try {
                return java.util.Optional.of(resolveOne(new DefaultArtifact("org.bytedeco", artifact, candidate, "jar", version)));
            } catch (IllegalArgumentException missing) {
                // this preset has no natives for that classifier: try the plain platform, or none
            }
        }
        return java.util.Optional.empty();
    }

    private static Artifact artifact(Coordinates c, String classifier) {
        return new DefaultArtifact(c.group(), c.artifact(), classifier, "jar", c.version());
    }

    /**
     * The jars a project depending on {@code coordinates} gets, as Maven resolves them: each one's runtime
     * dependencies, none of their optional ones.
     *
     * @throws IllegalArgumentException with a one-line message when something cannot be resolved
     */
    public List<Path> resolveAll(List<Coordinates> coordinates) {
        return resolveTree(coordinates.stream().map(c -> artifact(c, c.classifier())).toArray(Artifact[]::new));
    }

    /**
     * The artifacts as a project's dependencies, not as the root of the graph: a root's own optional
     * dependencies would be taken (pytorch's cuda: 2 jars, 6 MB), where Maven leaves every dependency's
     * optional ones out.
     */
    private List<Path> resolveTree(Artifact... roots) {
        CollectRequest collect = new CollectRequest();
        for (Artifact root : roots) {
            collect.addDependency(new Dependency(root, JavaScopes.RUNTIME));
        }
        collect.setRepositories(repositories);
        String asked = Arrays.stream(roots).map(Artifact::toString).collect(Collectors.joining(", "));
        try {
            List<Path> jars = new ArrayList<>();
            var resolved = system.resolveDependencies(session, new DependencyRequest(collect, null));
            for (ArtifactResult result : resolved.getArtifactResults()) {
                File file = result.getArtifact().getFile();
                if (file != null && Files.isRegularFile(file.toPath())) {
                    jars.add(file.toPath());
                }
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new IllegalArgumentException("cannot resolve " + asked + ": " + rootCause(e), e);
        }
    }

    private Path resolveOne(Artifact artifact) {
        try {
            return system.resolveArtifact(session, new org.eclipse.aether.resolution.ArtifactRequest(artifact, repositories, null))
                    .getArtifact().getFile().toPath();
        } catch (org.eclipse.aether.resolution.ArtifactResolutionException e) {
            throw new IllegalArgumentException("cannot resolve " + artifact + ": " + rootCause(e), e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
