package dev.gpumagics.maven;

import eu.maveniverse.maven.mima.context.Context;
import eu.maveniverse.maven.mima.context.ContextOverrides;
import eu.maveniverse.maven.mima.context.Runtimes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.repository.SimpleArtifactDescriptorPolicy;

/**
 * Resolves {@code %maven} coordinates as {@code mvn} would for this user: MIMA reads the user's and Maven's global
 * {@code settings.xml} as Maven does (local repository, mirrors, servers with their credentials, encrypted ones too
 * through {@code settings-security.xml}, proxies, the repositories of active profiles, offline) and hands Maven's own
 * resolver the repositories that follow, Maven Central among them.
 * A JavaCPP native classifier ({@code org.bytedeco:pytorch:V:linux-x86_64-gpu}) also brings the
 * preset's classes and the natives of the presets it depends on, so one line is enough.
 */
public final class MavenResolver {

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    private MavenResolver(Context context) {
        this.system = context.repositorySystem();
        this.session = context.repositorySystemSession();
        this.repositories = context.remoteRepositories();
    }

    /** A resolver over this user's Maven settings ({@code ~/.m2/settings.xml}, then Maven's global ones), as {@code mvn} reads them. */
    public static MavenResolver fromUserSettings() {
        return over(ContextOverrides.create());
    }

    /**
     * A resolver over the given user settings and local repository instead of {@code ~/.m2}'s, as {@code mvn -s SETTINGS
     * -Dmaven.repo.local=LOCAL} with {@code -Dsettings.security=SECURITY} would be.
     */
    static MavenResolver fromSettings(Path settings, Path settingsSecurity, Path localRepository) {
        return over(ContextOverrides.create().withUserSettingsXmlOverride(settings)
                .withUserSettingsSecurityXmlOverride(settingsSecurity).withLocalRepositoryOverride(localRepository));
    }

    private static MavenResolver over(ContextOverrides.Builder overrides) {
        // a pom that cannot be read is an error to show, not a reason to drop its dependencies quietly
        overrides.withUserSettings(true).artifactDescriptorPolicy(new SimpleArtifactDescriptorPolicy(true, false));
        try {
            Context context = Runtimes.INSTANCE.getRuntime().create(overrides.build());
            // MIMA takes offline from its overrides only; Maven takes it from the settings too
            return new MavenResolver(offlineInSettings(context) ? context.customize(overrides.offline(true).build()) : context);
        } catch (RuntimeException | SettingsBuildingException e) {
            throw new IllegalArgumentException("cannot read the Maven settings: " + ResolutionFailure.why(e), e);
        }
    }

    /** {@code <offline>} of the effective settings: the same user and global settings.xml MIMA read, through Maven's settings builder. */
    private static boolean offlineInSettings(Context context) throws SettingsBuildingException {
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        request.setUserSettingsFile(context.mavenUserHome().settingsXml().toFile());
        if (context.mavenSystemHome() != null) {
            request.setGlobalSettingsFile(context.mavenSystemHome().settingsXml().toFile());
        }
        request.setSystemProperties(System.getProperties());
        return new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings().isOffline();
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
            throw new IllegalArgumentException("cannot resolve " + asked + ": " + ResolutionFailure.why(e), e);
        }
    }

    private Path resolveOne(Artifact artifact) {
        try {
            return system.resolveArtifact(session, new org.eclipse.aether.resolution.ArtifactRequest(artifact, repositories, null))
                    .getArtifact().getFile().toPath();
        } catch (org.eclipse.aether.resolution.ArtifactResolutionException e) {
            throw new IllegalArgumentException("cannot resolve " + artifact + ": " + ResolutionFailure.why(e), e);
        }
    }
}
