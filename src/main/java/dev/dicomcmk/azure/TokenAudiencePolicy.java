package dev.dicomcmk.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.AuthenticateChallenge;
import com.azure.core.util.CoreUtils;
import dev.dicomcmk.model.Text;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds a pipeline's token to its audience (safety invariant I2): a request leaves only for a host of
 * that audience in the cloud profile — the ARM token for the resource manager endpoint, the Key Vault
 * token for hosts under the Key Vault DNS suffix, the Managed HSM token under the Managed HSM suffix,
 * the DICOM token under the DICOM suffix — and any other request fails with {@link TokenRefused} (exit 6)
 * before a byte is sent. The azure-core and keys SDK pipelines follow URLs that answers name (ARM's
 * nextLink, a long-running operation's Azure-AsyncOperation and Location headers, a service's serviceUrl),
 * so the check belongs here, where every one of those requests passes, whichever code path made it.
 *
 * <p>It sits last among a pipeline's policies, after every policy that attaches a token, so it judges
 * exactly the request that would go on the wire: no policy order and no later policy can slip a header
 * past it. A refused request goes out not even bare: a foreign host learns nothing, not even that it was
 * named. What a request may carry is checked as strictly as where it goes: https only, the audience's
 * port, no user-info ({@code https://management.azure.com@evil/}), ASCII host names only (an IDN or
 * full-width dot cannot pass for a suffix), and the URL must name the same host read as a URL and as a URI.
 *
 * <p>For Key Vault and Managed HSM it also answers the one thing those pipelines follow in a response:
 * a 401 challenge naming the resource to get a token for. The keys SDK (and {@link KeyVaultTokens})
 * only ask that the request's host end with the resource's host, which a parent domain passes
 * ({@code https://azure.net} for {@code x.vault.azure.net}); here the resource must be the audience's own
 * ({@code https://vault.azure.net}), else the challenge fails the request before any token is asked for.
 * The challenge's authority needs no check: only its tenant is read from it, and the credential signs in
 * at the cloud profile's authority host whatever host the challenge names.
 *
 * <p>Costs a few string comparisons per request; nothing at start-up.
 */
public final class TokenAudiencePolicy implements HttpPipelinePolicy {

    /**
     * Context key whose value says what named the request's URL ("nextLink", "properties.serviceUrl" …);
     * only the refusal's message uses it.
     */
    public static final String NAMED_BY = "dicom-cmk-url-named-by";

    private static final Pattern ASCII_HOST = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*");
    private static final int HTTPS_PORT = 443;

    private final String token;
    private final String cloud;
    /** the one host of the audience (ARM), or null */
    private final String host;
    /** ".suffix" every host of the audience ends with (data planes), or null */
    private final String suffix;
    private final int port;
    /** the host a 401 challenge's resource must name, or null where no policy follows a challenge's resource */
    private final String challengeResource;

    private TokenAudiencePolicy(String token, String cloud, String host, String suffix, int port, String challengeResource) {
        this.token = token;
        this.cloud = cloud;
        this.host = host == null ? null : host.toLowerCase(Locale.ROOT);
        this.suffix = suffix == null ? null : "." + suffix.toLowerCase(Locale.ROOT);
        this.port = port;
        this.challengeResource = challengeResource == null ? null : challengeResource.toLowerCase(Locale.ROOT);
    }

    /** The ARM token: the resource manager endpoint's host and port only. */
    public static TokenAudiencePolicy arm(CloudProfile cloud) {
        URI endpoint = cloud.resourceManagerEndpoint();
        return new TokenAudiencePolicy("ARM token", cloud.name(), endpoint.getHost(), null,
                endpoint.getPort() == -1 ? HTTPS_PORT : endpoint.getPort(), null);
    }

    /** The Key Vault token: hosts under the cloud's Key Vault DNS suffix. */
    public static TokenAudiencePolicy keyVault(CloudProfile cloud) {
        return new TokenAudiencePolicy("Key Vault token", cloud.name(), null, cloud.keyVaultDnsSuffix(), HTTPS_PORT,
                cloud.keyVaultDnsSuffix());
    }

    /** The Managed HSM token: hosts under the cloud's Managed HSM DNS suffix. */
    public static TokenAudiencePolicy managedHsm(CloudProfile cloud) {
        return new TokenAudiencePolicy("Managed HSM token", cloud.name(), null, cloud.managedHsmDnsSuffix(), HTTPS_PORT,
                cloud.managedHsmDnsSuffix());
    }

    /**
     * The DICOM data-plane token (valid for every DICOM service): hosts under the cloud's DICOM suffix; in a
     * cloud without one, no host at all.
     */
    public static TokenAudiencePolicy dicom(CloudProfile cloud) {
        return new TokenAudiencePolicy("DICOM token", cloud.name(), null, cloud.dicomDnsSuffix(), HTTPS_PORT, null);
    }

    /** The audience of a keys client for this vault or HSM URL: Managed HSM under its suffix, else Key Vault. */
    public static TokenAudiencePolicy keyStore(CloudProfile cloud, String vaultUrl) {
        String h;
        try {
            h = new URI(vaultUrl).getHost();
        } catch (URISyntaxException e) {
            h = null;
        }
        boolean hsm = h != null && h.toLowerCase(Locale.ROOT).endsWith("." + cloud.managedHsmDnsSuffix().toLowerCase(Locale.ROOT));
        return hsm ? managedHsm(cloud) : keyVault(cloud);
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        // added to a keys client builder, a per-retry policy runs after its challenge policy and after ours
        return HttpPipelinePosition.PER_RETRY;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        TokenRefused refused = refusal(context);
        if (refused != null) {
            return Mono.error(refused);
        }
        return next.process().flatMap(response -> {
            TokenRefused challenge = challengeRefusal(context.getHttpRequest(), response);
            if (challenge == null) {
                return Mono.just(response);
            }
            response.close();
            return Mono.error(challenge);
        });
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        TokenRefused refused = refusal(context);
        if (refused != null) {
            throw refused;
        }
        HttpResponse response = next.processSync();
        TokenRefused challenge = challengeRefusal(context.getHttpRequest(), response);
        if (challenge != null) {
            response.close();
            throw challenge;
        }
        return response;
    }

    private TokenRefused refusal(HttpPipelineCallContext context) {
        URL url = context.getHttpRequest().getUrl();
        String why = whyNot(url);
        if (why == null) {
            return null;
        }
        String namedBy = context.getData(NAMED_BY).map(String::valueOf).orElse(null);
        return new TokenRefused("refusing to send the " + token + " to " + Text.shorten(target(url))
                + (namedBy == null ? "" : " (named by " + namedBy + ")") + ": " + why);
    }

    /** Null when the URL is one this audience's token may go to, else why not (for the refusal's message). */
    String whyNot(URL url) {
        if (!"https".equalsIgnoreCase(url.getProtocol())) {
            return "not https";
        }
        String h = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (url.getUserInfo() != null || !sameHostAsUri(url, h)) {
            return "the URL's host is ambiguous (user-info or an unparseable authority)";
        }
        boolean member = ASCII_HOST.matcher(h).matches()
                && (host != null ? h.equals(host) : suffix != null && h.endsWith(suffix));
        if (!member) {
            return "not a host of cloud " + cloud + " (the " + token + " goes to " + hosts() + " only)";
        }
        if ((url.getPort() == -1 ? HTTPS_PORT : url.getPort()) != port) {
            return "not the port of cloud " + cloud + " (the " + token + " goes to " + hosts() + " only)";
        }
        return null;
    }

    /** The HTTP client sends to the URI form of the URL: both must name the same host. */
    private static boolean sameHostAsUri(URL url, String h) {
        try {
            String uriHost = url.toURI().getHost();
            return uriHost != null && uriHost.toLowerCase(Locale.ROOT).equals(h);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private String hosts() {
        return host != null ? host + (port == HTTPS_PORT ? "" : ":" + port)
                : suffix != null ? "*" + suffix : "no host: the cloud profile names no suffix for it";
    }

    /** The refused host as the user should see it: with the scheme, user-info or port when those are what is wrong. */
    private static String target(URL url) {
        boolean plain = "https".equalsIgnoreCase(url.getProtocol()) && url.getUserInfo() == null;
        if (plain) {
            return url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
        }
        return url.getProtocol() + "://" + (url.getUserInfo() == null ? "" : url.getUserInfo() + "@") + url.getHost()
                + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    /**
     * A 401 challenge naming a resource other than this audience's: the token policies behind this one would
     * get a token for it and send it. Null when there is no such challenge (or no challenge is followed here).
     */
    TokenRefused challengeRefusal(HttpRequest request, HttpResponse response) {
        if (challengeResource == null || response.getStatusCode() != 401) {
            return null;
        }
        String header = response.getHeaderValue(HttpHeaderName.WWW_AUTHENTICATE);
        if (header == null) {
            return null;
        }
        for (AuthenticateChallenge c : CoreUtils.parseAuthenticateHeader(header)) {
            if (!"Bearer".equalsIgnoreCase(c.getScheme())) {
                continue;
            }
            Map<String, String> p = c.getParameters();
            String resource = p.get("resource") != null ? p.get("resource") : p.get("scope");
            if (resource != null && !ownResource(resource)) {
                return new TokenRefused("refusing to get a token for " + Text.shorten(resource) + ", named by the 401 challenge of "
                        + Text.shorten(request.getUrl().getHost()) + ": not the " + token.replace(" token", "") + " resource of cloud "
                        + cloud + " (https://" + challengeResource + ")");
            }
        }
        return null;
    }

    private boolean ownResource(String resource) {
        try {
            URI uri = new URI(resource.trim());
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getRawUserInfo() == null && uri.getHost() != null
                    && uri.getHost().toLowerCase(Locale.ROOT).equals(challengeResource)
                    && (uri.getPort() == -1 || uri.getPort() == HTTPS_PORT);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * A request this run refused to send with its token: an answer named a host outside the token's
     * audience (exit 6, as any Azure operation that failed). The message is the whole line.
     */
    public static final class TokenRefused extends AzureFailure {

        TokenRefused(String message) {
            super(Kind.FAILED, "send a request", 0, "TokenRefused", message, null);
        }

        @Override
        public String oneLine() {
            return Text.escapeControls(getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " "));
        }
    }
}
