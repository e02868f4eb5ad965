package dev.dicomcmk.sandbox.http;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * The sandbox's own certificate authority: a self-signed CA and a server certificate for every
 * sandbox host name. EC P-256 keeps generation in the low milliseconds. The CA (certificate and
 * key) can be saved and reloaded so cloud profiles written earlier keep trusting a restarted sandbox.
 */
public final class CertificateAuthority {

    /**
     * The sandbox's names, and Entra's worldwide host: MSAL for Python (the Azure CLI) asks it for instance
     * discovery about any authority it does not know, and a benchmark or rehearsal that points the Azure CLI
     * at the sandbox maps that name to it (in a network namespace of its own). Only clients told to trust
     * this run's CA (ca.pem) accept the certificate.
     */
    static final String[] DNS_NAMES = {"localhost", "sandbox.test", "*.sandbox.test", "*.vault.sandbox.test",
        "*.managedhsm.sandbox.test", "*.dicom.sandbox.test", "login.microsoftonline.com"};

    private final X509Certificate caCert;
    private final PrivateKey caKey;

    private CertificateAuthority(X509Certificate caCert, PrivateKey caKey) {
        this.caCert = caCert;
        this.caKey = caKey;
    }

    /** A fresh CA valid for ten years (the sandbox clock may be moved far ahead; real time is what TLS checks). */
    public static CertificateAuthority create() {
        try {
            KeyPair kp = ecKeyPair();
            X500Name name = new X500Name("CN=dicom-cmk sandbox CA " + Instant.now().getEpochSecond() + ", O=dicom-cmk sandbox");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new CertificateAuthority(sign(b, kp.getPrivate()), kp.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot create the sandbox CA: " + e.getMessage(), e);
        }
    }

    /** Reloads a CA saved with {@link #certificatePem()} and {@link #privateKeyPem()}. */
    public static CertificateAuthority load(String certPem, String keyPem) {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certPem.getBytes(StandardCharsets.US_ASCII)));
            String b64 = keyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
            return new CertificateAuthority(cert, key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the saved sandbox CA cannot be loaded: " + e.getMessage(), e);
        }
    }

    public String certificatePem() {
        try {
            return pem("CERTIFICATE", caCert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String privateKeyPem() {
        return pem("PRIVATE KEY", caKey.getEncoded());
    }

    /** A TLS server context with a fresh server certificate signed by this CA. */
    public SSLContext serverContext() {
        try {
            KeyPair kp = ecKeyPair();
            Instant now = Instant.now();
            X509CertificateHolder caHolder = new X509CertificateHolder(caCert.getEncoded());
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caHolder.getSubject(), serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(825))),
                    new X500Name("CN=sandbox.test"), kp.getPublic());
            GeneralName[] names = new GeneralName[DNS_NAMES.length + 1];
            names[0] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
            for (int i = 0; i < DNS_NAMES.length; i++) {
                names[i + 1] = new GeneralName(GeneralName.dNSName, DNS_NAMES[i]);
            }
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            X509Certificate server = sign(b, caKey);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = "sandbox".toCharArray();
            ks.setKeyEntry("server", kp.getPrivate(), pw, new X509Certificate[] {server, caCert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot create the sandbox server certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
