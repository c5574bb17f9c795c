package dev.netlink.ynl.maven;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.model.Resource;
import org.apache.maven.toolchain.Toolchain;
import org.apache.maven.toolchain.ToolchainManager;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ynl:generate}: the typed Java of each YNL spec file in {@code specDirectory} (a kernel spec as the kernel
 * wrote it, or a project's own), one package {@code packageName.<family>} per spec with the family's client,
 * records, enums and sub-messages, as {@code netty-netlink-families} has them for the bundled specs. The sources
 * go to {@code outputDirectory} (added to the compile), each spec beside its client as a resource (read by the
 * client at run time). The generator needs a JDK 22 or newer: the build's {@code jdk} toolchain, else Maven's
 * own JDK, else {@code JAVA_HOME}; it runs in a JVM of its own.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {
    private static final String MAIN = "dev.netlink.ynl.codegen.GenerateFamilies";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Component
    private ToolchainManager toolchains;

    /** Where the spec files are: every {@code *.yaml} in it. */
    @Parameter(defaultValue = "${project.basedir}/src/main/ynl", required = true)
    private File specDirectory;

    /** The package the families go in, each in a sub-package named after the family. */
    @Parameter(required = true)
    private String packageName;

    /** Where the generated sources go. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/ynl", required = true)
    private File outputDirectory;

    /** Where the specs are copied for the clients to read at run time. */
    @Parameter(defaultValue = "${project.build.directory}/generated-resources/ynl", required = true)
    private File resourceDirectory;

    @Override
    public void execute() throws MojoExecutionException {
        List<Path> specs;
        try (Stream<Path> files = Files.list(specDirectory.toPath())) {
            specs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot list YNL specs in " + specDirectory + ": " + e.getMessage(), e);
        }
        if (specs.isEmpty()) {
            throw new MojoExecutionException("no YNL spec (*.yaml) in " + specDirectory);
        }
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-classpath");
        command.add(plugin.getArtifacts().stream().map(a -> a.getFile().getAbsolutePath())
                .collect(Collectors.joining(File.pathSeparator)));
        command.add(MAIN);
        command.add("--out");
        command.add(outputDirectory.getAbsolutePath());
        command.add("--resources");
        command.add(resourceDirectory.getAbsolutePath());
        command.add("--package");
        command.add(packageName);
        for (Path s : specs) {
            command.add("--spec");
            command.add(s.toAbsolutePath().toString());
        }
        getLog().debug("ynl: " + String.join(" ", command));
        int exit;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            exit = p.waitFor();
            if (exit != 0) {
                throw new MojoExecutionException("the YNL generator failed (exit " + exit + "):\n" + output.trim());
            }
            getLog().info(output.trim());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot run the YNL generator: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while generating", e);
        }
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
        Resource r = new Resource();
        r.setDirectory(resourceDirectory.getAbsolutePath());
        project.addResource(r);
    }

    /** A {@code java} of a JDK 22 or newer, or a failure that says there is none. */
    private String java() throws MojoExecutionException {
        Toolchain tc = toolchains.getToolchainFromBuildContext("jdk", session);
        if (tc != null && tc.findTool("java") != null) {
            return tc.findTool("java");
        }
        if (Runtime.version().feature() >= 22) {
            return new File(System.getProperty("java.home"), "bin/java").getAbsolutePath();
        }
        String home = System.getenv("JAVA_HOME");
        if (home != null && new File(home, "bin/java").canExecute()) {
            return new File(home, "bin/java").getAbsolutePath();
        }
        throw new MojoExecutionException("the YNL generator needs a JDK 22 or newer: select one with "
                + "maven-toolchains-plugin (select-jdk-toolchain), run Maven on one, or set JAVA_HOME");
    }
}
