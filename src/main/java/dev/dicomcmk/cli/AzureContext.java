package dev.dicomcmk.cli;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import dev.dicomcmk.azure.AnnouncedSignIn;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.CloudProfile;
import dev.dicomcmk.azure.CloudProfiles;
import dev.dicomcmk.azure.Credentials;
import dev.dicomcmk.azure.DeadlineCredential;
import dev.dicomcmk.azure.HttpClients;
import dev.dicomcmk.azure.ReissuingCredential;
import dev.dicomcmk.azure.RunDeadline;
import dev.dicomcmk.azure.ServerClock;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.rotation.Journal;
import dev.dicomcmk.rotation.JournalLines;
import dev.dicomcmk.rotation.StateDir;
import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SandboxConfig;
import dev.dicomcmk.sandbox.SandboxCredentials;
import dev.dicomcmk.sandbox.Scenarios;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Turns the global options into a cloud, a subscription and (on first use) an Azure session.
 * With --sandbox it starts the in-process sandbox and signs in to it as its service principal.
 * Nothing here touches the network until {@link #session()} is first called.
 */
public final class AzureContext implements AutoCloseable {

    private final GlobalOptions options;
    private final CliEnvironment environment;
    private Sandbox sandbox;
    private CloudProfile cloud;
    private AzureSession session;
    /** An in-process sandbox's journal and locks: made on first use, removed with the sandbox. */
    private Path rehearsalState;
    private InterruptNotice interruptNotice;
    /** Where a slow sign-in is told about; silent unless the root command sets it. */
    private java.util.function.Supplier<Progress> progress = () -> Progress.SILENT;
    /** --state-dir of a command that keeps a journal, or null. */
    private Path stateDirOption;

    public AzureContext(GlobalOptions options, CliEnvironment environment) {
        this.options = options;
        this.environment = environment;
    }

    /** The cloud; resolving it validates --cloud and --sandbox (exit 2 on bad input). */
    public CloudProfile cloud() {
        if (cloud == null) {
            if (options.sandbox() != null) {
                if (options.cloud() != null) {
                    throw new InvalidInputException("--sandbox and --cloud exclude each other; drop one");
                }
                cloud = sandbox().cloudProfile();
            } else {
                cloud = CloudProfiles.resolve(options.cloud());
            }
        }
        return cloud;
    }

    /** --subscription, else $AZURE_SUBSCRIPTION_ID, else the sandbox's; null when none is known. */
    public String subscriptionOrNull() {
        String s = options.subscription() != null ? options.subscription() : environment.getenv("AZURE_SUBSCRIPTION_ID");
        if (s == null && options.sandbox() != null) {
            s = sandbox().credentials().subscriptionId();
        }
        return s == null ? null : ServiceId.requireSubscription(s);
    }

    /** The run's progress reporter, for a sign-in that takes long. */
    void progress(java.util.function.Supplier<Progress> progress) {
        this.progress = progress;
    }

    public AzureSession session() {
        if (session == null) {
            CloudProfile c = cloud();
            HttpClient http = HttpClients.forCloud(c, options.timeout(), options.debug() ? environment.err() : null);
            RunDeadline deadline = RunDeadline.start(options.timeout());
            TokenCredential credential;
            if (options.sandbox() != null) {
                SandboxCredentials creds = sandbox().credentials();
                credential = new ReissuingCredential(() -> Credentials.clientSecret(c, creds.tenantId(), creds.clientId(),
                        creds.clientSecret(), http, deadline));
            } else {
                String tenant = options.tenant() != null ? options.tenant() : null;
                credential = new ReissuingCredential(() -> Credentials.forMode(options.auth(), c, tenant, environment.env(), http,
                        deadline));
            }
            // the sign-in draws on --timeout like every other exchange, however the credential retries inside
            credential = new DeadlineCredential(credential, deadline, c.authorityHost().getHost());
            credential = new AnnouncedSignIn(credential, status -> progress.get().slowWait(status)::close,
                    c.authorityHost().getHost());
            session = new AzureSession(c, credential, http, new ServerClock(environment.clock()), deadline,
                    Version.VERSION);
        }
        return session;
    }

    /** The --state-dir a command that keeps a journal was given (null: none); see {@link #rotationStateDir()}. */
    public void stateDir(Path dir) {
        this.stateDirOption = dir;
    }

    /**
     * Where the journal and the locks live for this cloud, the one resolver every write command uses (I6: a
     * rehearsal never touches real state, and two rehearsals never share theirs). An in-process --sandbox
     * run: a temporary folder of its own, gone with it. Given --state-dir DIR: DIR's folder for this cloud
     * (a mounted share for a runner with no home). A rehearsal cloud from a profile (a sandbox started with
     * 'sandbox start'): the folder holding the profile, the sandbox's own state folder. A real cloud: its
     * folder under $DICOM_CMK_STATE_DIR, else $XDG_STATE_HOME/dicom-cmk, named by its ARM endpoint's host.
     */
    public Path rotationStateDir() {
        CloudProfile c = cloud();
        if (options.sandbox() == null && stateDirOption != null) {
            return StateDir.forCloud(stateDirOption.toAbsolutePath(), c.armHost());
        }
        if (options.sandbox() != null) {
            if (rehearsalState == null) {
                try {
                    rehearsalState = Files.createTempDirectory("dicom-cmk-rehearsal-");
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot make a folder for the rehearsal's journal: " + e.getMessage(), e);
                }
            }
            return rehearsalState;
        }
        if (c.rehearsal()) {
            Path profile = CloudProfiles.profileFile(options.cloud());
            if (profile != null && profile.toAbsolutePath().getParent() != null) {
                return profile.toAbsolutePath().getParent();
            }
        }
        return StateDir.forCloud(environment.env(), c.armHost());
    }

    /**
     * rotate-key's journal when --journal names none: the one in {@link #rotationStateDir()}. The public
     * cloud's takes over, once, a journal kept before journals were kept per cloud.
     */
    public Path defaultJournal(Consumer<String> say) {
        Path dir = rotationStateDir();
        if (options.sandbox() == null && !cloud().rehearsal() && stateDirOption == null
                && StateDir.fromEnv(environment.env()) == null && StateDir.PUBLIC_CLOUD_HOST.equals(cloud().armHost())) {
            StateDir.adoptUnscopedJournal(environment.env(), dir, say);
        }
        return dir.resolve(StateDir.JOURNAL);
    }

    /**
     * The journal every write command keeps (--journal, else this cloud's default), reading back only lines
     * that name this cloud's keys; skipped lines and repairs are said through {@code say}.
     */
    public Journal journal(Path override, Consumer<String> say) {
        Journal journal = new Journal(override != null ? override : defaultJournal(say),
                new JournalLines(cloud().keyVaultDnsSuffix(), cloud().managedHsmDnsSuffix()), w -> say.accept("warning: " + w));
        if (interruptNotice != null) {
            // every write command keeps its journal through here: a Ctrl-C mid-write says what it leaves open
            interruptNotice.journal(journal.file());
            journal.onAppend(interruptNotice::appended);
        }
        return journal;
    }

    /** What this run says when it is stopped in the middle of a write (set by the root command). */
    void interruptNotice(InterruptNotice notice) {
        this.interruptNotice = notice;
    }

    private Sandbox sandbox() {
        if (sandbox == null) {
            String scenario = options.sandbox();
            if (!Scenarios.exists(scenario)) {
                throw new InvalidInputException("--sandbox: unknown scenario '" + dev.dicomcmk.model.Text.shorten(scenario)
                        + "'; see 'dicom-cmk sandbox scenarios'");
            }
            try {
                sandbox = Sandbox.start(SandboxConfig.of(scenario));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the sandbox: " + e.getMessage(), e);
            }
        }
        return sandbox;
    }

    @Override
    public void close() {
        if (interruptNotice != null) {
            interruptNotice.close();
        }
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (rehearsalState != null) {
            deleteQuietly(rehearsalState);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException leftOver) {
            // a temporary folder: the system's own clean-up takes what is left
        }
    }
}
