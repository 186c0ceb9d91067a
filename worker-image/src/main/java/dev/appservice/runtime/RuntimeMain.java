package dev.appservice.runtime;

import dev.appservice.runtime.api.ApiMain;
import dev.appservice.runtime.config.ConfigException;
import dev.appservice.runtime.config.RuntimeConfig;
import dev.appservice.runtime.worker.WorkerMain;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** The image's single entrypoint: {@code worker} or {@code api} (argument or APPSERVICE_MODE). */
public final class RuntimeMain {
  private RuntimeMain() {}

  public static void main(String[] args) throws Exception {
    var jars =
        HandlerJars.install(
            Path.of(System.getProperty(HandlerJars.DIRECTORY_PROPERTY, HandlerJars.DIRECTORY)));
    if (!jars.isEmpty()) {
      LoggerFactory.getLogger(RuntimeMain.class).info("handler jars: {}", jars);
    }
    System.exit(run(args, System.getenv()));
  }

  static int run(String[] args, Map<String, String> env) throws Exception {
    RuntimeConfig config;
    try {
      config = RuntimeConfig.fromEnv(env, Arrays.stream(args).findFirst());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    try {
      return switch (config.mode()) {
        case WORKER -> WorkerMain.run(config);
        case API -> ApiMain.run(config);
      };
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
  }
}
