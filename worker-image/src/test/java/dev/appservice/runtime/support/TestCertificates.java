package dev.appservice.runtime.support;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test CA and server certificates it signs, written as PEM files (as PostgreSQL reads them). */
public final class TestCertificates {

  private final KeyPair caKeys;
  private final X509CertificateHolder ca;
  private long serial = 1;

  public TestCertificates(String name) throws GeneralSecurityException, IOException {
    caKeys = keys();
    var subject = new X500Name("CN=" + name);
    try {
      ca =
          new JcaX509v3CertificateBuilder(
                  subject, next(), start(), end(), subject, caKeys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate()));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  /** The CA's certificate as a PEM file. */
  public Path writeCa(Path file) throws IOException {
    return Files.writeString(file, pem(ca));
  }

  /**
   * A server certificate for {@code dnsName} and its key, as {@code server.crt} and {@code
   * server.key} (owner-only, as PostgreSQL demands) in {@code dir}.
   */
  public void writeServer(Path dir, String dnsName) throws IOException, GeneralSecurityException {
    var keys = keys();
    X509CertificateHolder cert;
    try {
      cert =
          new JcaX509v3CertificateBuilder(
                  ca.getSubject(),
                  next(),
                  start(),
                  end(),
                  new X500Name("CN=" + dnsName),
                  keys.getPublic())
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)))
              .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate()));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
    Files.writeString(dir.resolve("server.crt"), pem(cert));
    Path key = Files.writeString(dir.resolve("server.key"), pem(keys.getPrivate()));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
  }

  private static KeyPair keys() throws GeneralSecurityException {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private BigInteger next() {
    return BigInteger.valueOf(serial++);
  }

  private static Date start() {
    return Date.from(Instant.now().minus(Duration.ofHours(1)));
  }

  private static Date end() {
    return Date.from(Instant.now().plus(Duration.ofDays(1)));
  }

  private static String pem(Object object) throws IOException {
    var out = new StringWriter();
    try (var writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
