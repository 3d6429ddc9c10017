// After the nested build (the jar and target/dependency/), runs the program as a user would, with
// plain `java -cp`: the JDK that runs Maven, no options from the environment.
import java.util.concurrent.TimeUnit

def java = new File(System.getProperty('java.home'), 'bin/java').path
def classPath = [new File(basedir, 'target/fathom-consumer-1.0.jar').path,
                 new File(basedir, 'target/dependency/*').path].join(File.pathSeparator)   // java expands the *

// Runs java with `options` before the class path; returns [exit code, stdout and stderr together].
def run = { List<String> options, String cp = classPath, String logName = "java${options.isEmpty() ? '' : '-with-flag'}.log",
            List<String> args = [] ->
    def command = [java] + options + ['-cp', cp, 'com.example.Main'] + args
    def log = new File(basedir, logName)
    def pb = new ProcessBuilder(command).directory(basedir).redirectErrorStream(true).redirectOutput(log)
    ['JDK_JAVA_OPTIONS', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS'].each { pb.environment().remove(it) }
    def p = pb.start()
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly()
        throw new AssertionError("did not finish in 120 s: ${command.join(' ')}")
    }
    [p.exitValue(), log.getText('UTF-8')]
}

// invoker:install stages Fathom's jars from this reactor, or, for modules not in it, from ~/.m2.
def staleHint = ("\n(Fathom's modules were staged from ${new File(basedir, '../../it-repo').canonicalPath}: when a build"
        + " leaves them out of its reactor, e.g. -pl fathom-core without -am, older ones come from the local repository.)")

// Fails the check. The reason also goes to the console itself: invoker logs it at INFO level, which
// `mvn -q` hides, and sends this script's System.out and System.err to build.log.
def fail = { String reason ->
    def console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, 'UTF-8')
    console.println("[ERROR] the consumer check (${basedir}) failed: ${reason}")
    throw new AssertionError(reason)
}

// 1. No flags: the first tensor stops the program with the one line that names the flag, and nothing
//    fails before it (a NoClassDefFoundError for jdk/incubator/vector would print first, with frames).
def (plainCode, plainOut) = run([])
def lines = plainOut.readLines().findAll { !it.isBlank() }
def expected = 'Exception in thread "main" dev.fathom.backend.DeviceUnavailableException: '
if (plainCode != 1 || lines.size() != 1 || !lines[0].startsWith(expected)
        || !lines[0].contains('start java with --add-modules jdk.incubator.vector')) {
    fail("java -cp without flags: expected exit code 1 and the one line\n  ${expected}..."
            + "start java with --add-modules jdk.incubator.vector...\ngot exit code ${plainCode} and:\n${plainOut}${staleHint}")
}

// 2. With the flag: it trains, and learns.
def (flagCode, flagOut) = run(['--add-modules', 'jdk.incubator.vector'])
def m = flagOut =~ /iris: accuracy ([0-9.]+), loss ([0-9.]+) after 50 epochs/
if (flagCode != 0 || !m.find() || Double.parseDouble(m.group(1)) < 0.9) {
    fail("java --add-modules jdk.incubator.vector -cp: expected exit code 0 and an iris"
            + " accuracy of at least 0.9; got exit code ${flagCode} and:\n${flagOut}${staleHint}")
}
// 3. On the module path no flag is needed: dev.fathom.tensor requires jdk.incubator.vector itself.
def (modCode, modOut) = run(['-p', new File(basedir, 'target/dependency').path, '--add-modules', 'dev.fathom.core'],
        new File(basedir, 'target/fathom-consumer-1.0.jar').path, 'java-module-path.log')
def mm = modOut =~ /iris: accuracy ([0-9.]+), loss ([0-9.]+) after 50 epochs/
if (modCode != 0 || !mm.find() || mm.group(0) != m.group(0)) {
    fail("java -p target/dependency --add-modules dev.fathom.core: expected exit code 0 and the same result as on"
            + " the class path (${m.group(0)}); got exit code ${modCode} and:\n${modOut}${staleHint}")
}
// 4. A program whose first Fathom call loads a saved model (what a service does) stops with the same
//    one line, not a load error that blames the file.
def (loadCode, loadOut) = run([], classPath, 'java-load.log', ['predict', new File(basedir, 'iris.fathom').path])
def loadLines = loadOut.readLines().findAll { !it.isBlank() }
if (loadCode != 1 || loadLines.size() != 1 || !loadLines[0].startsWith(expected)) {
    fail("java -cp without flags, loading iris.fathom first: expected exit code 1 and the one line\n  ${expected}..."
            + "\ngot exit code ${loadCode} and:\n${loadOut}${staleHint}")
}
def (predCode, predOut) = run(['--add-modules', 'jdk.incubator.vector'], classPath, 'java-load-with-flag.log',
        ['predict', new File(basedir, 'iris.fathom').path])
if (predCode != 0 || !predOut.contains('iris: predicted classes of the first 5 rows [0, 0, 0, 0, 0]')) {
    fail("java --add-modules jdk.incubator.vector -cp, predict iris.fathom: expected the first five rows as class 0;"
            + " got exit code ${predCode} and:\n${predOut}${staleHint}")
}
println "consumer: plain java -cp stops with one line (training or loading first); with the flag: ${m.group(0)}; on the module path, no flag: the same"
return true
