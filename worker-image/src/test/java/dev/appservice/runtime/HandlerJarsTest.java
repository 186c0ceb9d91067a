package dev.appservice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerJarsTest {

  @Test
  void jarsUnderTheDirectoryJoinTheContextClassLoader(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("orders/classpath/orders-handler.jar");
    Files.createDirectories(jar.getParent());
    writeJar(jar, "META-INF/services/dev.appservice.handler.AppHandler", "dev.example.Orders\n");
    Files.writeString(dir.resolve("orders/README.txt"), "not a jar");

    ClassLoader before = Thread.currentThread().getContextClassLoader();
    try {
      assertThat(HandlerJars.install(dir)).containsExactly(jar);
      var loader = Thread.currentThread().getContextClassLoader();
      assertThat(loader).isNotSameAs(before);
      assertThat(loader.getResource("META-INF/services/dev.appservice.handler.AppHandler"))
          .isNotNull();
      // The runtime's own classes stay visible through it.
      assertThat(loader.loadClass(RuntimeMain.class.getName())).isSameAs(RuntimeMain.class);
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  @Test
  void noDirectoryMeansNothingChanges(@TempDir Path dir) {
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    assertThat(HandlerJars.install(dir.resolve("missing"))).isEmpty();
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
  }

  private static void writeJar(Path jar, String entry, String content) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out)) {
      jarOut.putNextEntry(new JarEntry(entry));
      jarOut.write(content.getBytes(StandardCharsets.UTF_8));
      jarOut.closeEntry();
    }
  }
}
