package dev.gpumagics.maven;

import java.util.Optional;
import org.apache.http.client.HttpResponseException;
import org.eclipse.aether.repository.ArtifactRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.MetadataTransferException;

/**
 * Why a resolution failed, in one line: the resolver's innermost message, or, where a repository or proxy refused the
 * request for want of credentials, which one and where Maven's settings take them.
 */
final class ResolutionFailure {

    private ResolutionFailure() {}

    static String why(Throwable failure) {
        Optional<RemoteRepository> repository = Optional.empty();
        Throwable cause = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            cause = t;
            ArtifactRepository from = t instanceof ArtifactTransferException artifact ? artifact.getRepository()
                    : t instanceof MetadataTransferException metadata ? metadata.getRepository() : null;
            if (from instanceof RemoteRepository remote) {
                repository = Optional.of(remote);
            }
        }
        // the HTTP transport's status, as it reports it (maven-resolver-transport-http, Apache HttpClient 4)
        if (cause instanceof HttpResponseException http && repository.isPresent()) {
            String named = "the repository " + repository.get().getId() + " (" + repository.get().getUrl() + ")";
            switch (http.getStatusCode()) {
                case 401:
                    return named + " refused it without credentials (HTTP 401); give Maven its credentials in a <server> with the id "
                            + repository.get().getId() + " in your settings.xml";
                case 403:
                    return named + " refused the credentials of the <server> with the id " + repository.get().getId()
                            + " in your settings.xml (HTTP 403): they may not read it";
                case 407:
                    return "the proxy to " + repository.get().getUrl() + " refused it without credentials (HTTP 407); give the"
                            + " <proxy> in your settings.xml its <username> and <password>";
                default:
                    break;
            }
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
