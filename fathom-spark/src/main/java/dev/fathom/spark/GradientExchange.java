package dev.fathom.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The all-reduce of {@link SparkTraining}'s tasks: a star through task 0 over direct TCP connections.
 * Spark's barrier context serves only the rendezvous: task 0 listens on a port of its executor's
 * address and publishes {@code host port secret} through one {@code allGather} at the start of the
 * stage; every other task connects to it and introduces itself (the secret and its task number).
 * Then each step every task sends task 0 its batch size, the checksum of its weights and its
 * gradient (float32, big-endian); task 0 checks them, sums {@code nᵢ·gᵢ} in float64 in task order,
 * divides by {@code Σ nᵢ} and sends the float32 mean back. Every replica gets task 0's bits, so every
 * replica takes the same optimizer step.
 *
 * <p>Per step a task other than 0 sends and receives {@code 4·P} bytes (P parameters); task 0 receives
 * and sends {@code 4·P·(T−1)}: fine for a few tasks and models of up to some millions of parameters.
 *
 * <p>Failures end the stage with a reason, never a hang: task 0 waits at most {@code connectTimeout}
 * for the tasks to connect and {@code timeout} for a task's gradient (a task that died closes its connection, seen at once; a stalled
 * or unreachable one is seen after the timeout), a task waits at most twice that for task 0's answer
 * (task 0 may first be waiting out a stalled task), and task 0 sends the tasks still connected the
 * reason of a failure it sees, so that every task fails with the same one; a write that makes no
 * progress for {@code timeout} (the peer stopped reading) is ended by a watchdog closing its
 * connection. While it waits a task checks every {@value #POLL_MILLIS} ms whether Spark killed it (a
 * barrier stage whose task failed kills the others without interrupting them) and then stops.
 *
 * <pre>{@code
 * BarrierTaskContext context = BarrierTaskContext.get();
 * try (GradientExchange exchange = GradientExchange.open(context.partitionId(), context.getTaskInfos().length,
 *         GradientExchange.host(context.getTaskInfos()[context.partitionId()].address()), context::allGather,
 *         context::killTaskIfInterrupted, Duration.ofMinutes(1), Duration.ofMinutes(5))) {
 *     float[] mean = exchange.average(batchSize, checksum, gradient, "epoch 1, step 1");
 * }
 * }</pre>
 */
final class GradientExchange implements AutoCloseable {
    static final int POLL_MILLIS = 200;
    private static final int HELLO = 0x46544852;   // "FTHR"
    private static final byte OK = 0;
    private static final byte FAILED = 1;
    /** In place of a batch size: the task failed; its reason follows. */
    private static final int ABORT = -1;
    private static final int BUFFER = 1 << 16;

    private final int task;
    private final int tasks;
    private final long timeoutNanos;
    private final Runnable checkKilled;
    /** Task 0: the other tasks' connections, by task (index 0 unused). Other tasks: task 0's at index 0. */
    private final Link[] links;
    private ServerSocket server;
    private byte[] bytes = new byte[0];
    /** Whether the exchange threw already (and so told the others, or could not). */
    private boolean failed;
    private Thread watchdog;
    private volatile boolean closed;

    private GradientExchange(int task, int tasks, Duration timeout, Runnable checkKilled) {
        this.task = task;
        this.tasks = tasks;
        this.timeoutNanos = timeout.toNanos();
        this.checkKilled = checkKilled;
        this.links = new Link[tasks];
    }

    /**
     * Connects the {@code tasks} tasks: every task calls it at once, with the barrier stage's
     * {@code allGather} (called once) and a check that throws when Spark killed the task.
     *
     * @param host           the address of this task's executor, where task 0 listens
     * @param connectTimeout how long task 0 waits for the others to connect (and they to reach it)
     * @param timeout        how long task 0 waits for a task's gradient at a step (the others twice that for the answer)
     */
    static GradientExchange open(int task, int tasks, String host, Function<String, String[]> allGather, Runnable checkKilled,
                                 Duration connectTimeout, Duration timeout) {
        GradientExchange x = new GradientExchange(task, tasks, timeout, checkKilled);
        if (tasks == 1) return x;
        boolean done = false;
        try {
            if (task == 0) {
                long secret = new SecureRandom().nextLong();
                x.server = listen(host, tasks);
                allGather.apply(secret + " " + x.server.getLocalPort() + " " + host);
                x.accept(secret, connectTimeout.toNanos());
            } else {
                String[] all = allGather.apply("");
                String[] parts = all[0].split(" ", 3);
                x.connect(parts[2], Integer.parseInt(parts[1]), Long.parseLong(parts[0]), connectTimeout.toNanos());
            }
            done = true;
            return x;
        } catch (IOException e) {
            throw new IllegalStateException("SparkTraining: task " + task + " could not connect the " + tasks + " tasks at the"
                    + " start of the stage: " + e + "; the executors must reach each other on any TCP port", e);
        } finally {
            if (!done) x.close();
        }
    }

    /** The host of a {@code host:port} address ({@code BarrierTaskInfo.address()}), without an IPv6 literal's brackets. */
    static String host(String address) {
        int colon = address.lastIndexOf(':');
        String h = colon < 0 ? address : address.substring(0, colon);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static ServerSocket listen(String host, int tasks) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.bind(new InetSocketAddress(InetAddress.getByName(host), 0), tasks);
        } catch (BindException notLocal) {   // the address Spark knows the executor by is not one of this machine's
            s.close();
            s = new ServerSocket();
            s.bind(new InetSocketAddress(0), tasks);
        }
        s.setSoTimeout(POLL_MILLIS);
        return s;
    }

    private void accept(long secret, long waitNanos) throws IOException {
        long deadline = System.nanoTime() + waitNanos;
        int connected = 0;
        while (connected < tasks - 1) {
            checkKilled.run();
            if (System.nanoTime() - deadline > 0) {
                List<Integer> missing = new ArrayList<>();
                for (int t = 1; t < tasks; t++) if (links[t] == null) missing.add(t);
                throw new IllegalStateException("SparkTraining: task 0 waited " + seconds(waitNanos) + " for task(s) "
                        + missing + " to connect to " + server.getLocalSocketAddress() + "; the executors must reach each"
                        + " other on any TCP port (or raise SparkTraining.exchangeTimeout(...) if they start slowly)");
            }
            Socket s;
            try {
                s = server.accept();
            } catch (SocketTimeoutException again) {
                continue;
            }
            Link link = null;
            try {
                link = new Link(s, checkKilled);
                link.deadline = System.nanoTime() + timeoutNanos;
                int hello = link.in.readInt();
                long key = link.in.readLong();
                int from = link.in.readInt();
                if (hello != HELLO || key != secret || from < 1 || from >= tasks || links[from] != null) {
                    link.close();   // not one of this stage's tasks
                    continue;
                }
                links[from] = link;
                connected++;
            } catch (IOException stranger) {
                if (link != null) link.close();
                else s.close();
            }
        }
    }

    private void connect(String host, int port, long secret, long waitNanos) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, Math.max(1, waitNanos / 1_000_000)));
        } catch (IOException e) {
            s.close();
            throw e;
        }
        Link link = new Link(s, checkKilled);
        links[0] = link;
        send(link, out -> {
            out.writeInt(HELLO);
            out.writeLong(secret);
            out.writeInt(task);
        });
    }

    /**
     * The mean of the tasks' gradients weighted by their batch sizes, the same bits on every task;
     * throws an {@link IllegalStateException} with the reason when a task's weights differ from task
     * 0's, when the tasks' gradients differ in length, or when a task is lost.
     *
     * @param when the step, for the messages ("epoch 2, step 7")
     */
    float[] average(int batchSize, long checksum, float[] gradient, String when) {
        if (tasks == 1) return mean(weigh(null, batchSize, gradient), batchSize);
        try {
            return task == 0 ? gather(batchSize, checksum, gradient, when) : ask(batchSize, checksum, gradient, when);
        } catch (IllegalStateException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * This task failed outside the exchange with {@code error}: tells task 0 (or, on task 0, the other
     * tasks) why, best effort, so that every task of the stage fails with that reason whichever Spark
     * reports first. Nothing when the exchange itself failed, or for Spark's own kill.
     */
    void abort(Throwable error) {
        if (failed || tasks == 1 || error.getClass().getName().equals("org.apache.spark.TaskKilledException")) return;
        failed = true;
        String reason = error.toString().lines().findFirst().orElse("");
        if (task == 0) {
            fail("SparkTraining: task 0 failed: " + reason);
            return;
        }
        try {
            send(links[0], out -> {
                out.writeInt(ABORT);
                out.writeUTF(reason.length() > 4000 ? reason.substring(0, 4000) : reason);
            });
        } catch (IOException gone) {
            // task 0 is lost too, or failed already
        }
    }

    private float[] gather(int batchSize, long checksum, float[] gradient, String when) {
        double[] sum = weigh(null, batchSize, gradient);
        double samples = batchSize;
        float[] theirs = new float[gradient.length];
        int t = 1;
        try {
            for (; t < tasks; t++) {
                Link link = links[t];
                link.deadline = System.nanoTime() + timeoutNanos;
                int n = link.in.readInt();
                if (n == ABORT) throw fail("SparkTraining: task " + t + " failed at " + when + ": " + link.in.readUTF());
                long sum0 = link.in.readLong();
                int values = link.in.readInt();
                if (values != gradient.length) {
                    throw fail("SparkTraining: task " + t + " sent " + values + " gradient values at " + when + " but task 0 has "
                            + gradient.length + "; the tasks train different models");
                }
                readFloats(link.in, theirs);
                if (sum0 != checksum) {
                    throw fail("SparkTraining: the replicas diverged: task " + t + "'s weights differ from task 0's at " + when
                            + " (checksums " + Long.toHexString(sum0) + " and " + Long.toHexString(checksum) + ")");
                }
                if (n < 1) throw fail("SparkTraining: task " + t + " sent a batch of " + n + " samples at " + when);
                weigh(sum, n, theirs);
                samples += n;
            }
        } catch (SocketTimeoutException e) {
            throw fail("SparkTraining: task 0 had no gradient from task " + t + " for " + seconds(timeoutNanos) + " at " + when
                    + ": the task stalled or its executor is unreachable (SparkTraining.exchangeTimeout(...) sets the wait)");
        } catch (IOException e) {
            throw fail("SparkTraining: task " + t + "'s connection to task 0 broke at " + when + " (" + e + "): the task or its"
                    + " executor was lost");
        }
        float[] mean = mean(sum, samples);
        writeFloats(mean);
        for (int k = 1; k < tasks; k++) {
            try {
                send(links[k], out -> {
                    out.writeByte(OK);
                    out.write(bytes, 0, 4 * mean.length);
                });
            } catch (IOException e) {
                throw fail("SparkTraining: task 0 could not send the mean gradient to task " + k + " at " + when + " ("
                        + (e instanceof Stuck ? e.getMessage() : e) + "): the task or its executor was lost");
            }
        }
        return mean;
    }

    private float[] ask(int batchSize, long checksum, float[] gradient, String when) {
        Link link = links[0];
        try {
            writeFloats(gradient);
            try {
                send(link, out -> {
                    out.writeInt(batchSize);
                    out.writeLong(checksum);
                    out.writeInt(gradient.length);
                    out.write(bytes, 0, 4 * gradient.length);
                });
            } catch (Stuck e) {
                throw new IllegalStateException("SparkTraining: task " + task + " could not send its gradient to task 0 for "
                        + seconds(timeoutNanos) + " at " + when + ": task 0 stalled or its executor is unreachable"
                        + " (SparkTraining.exchangeTimeout(...) sets the wait)", e);
            }
            link.deadline = System.nanoTime() + 2 * timeoutNanos;
            byte status = link.in.readByte();
            if (status == FAILED) throw new IllegalStateException(link.in.readUTF());
            if (status != OK) throw new IllegalStateException("SparkTraining: task 0 sent an unknown answer at " + when);
            float[] mean = new float[gradient.length];
            readFloats(link.in, mean);
            return mean;
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("SparkTraining: task " + task + " had no answer from task 0 for "
                    + seconds(2 * timeoutNanos) + " at " + when + ": task 0 stalled or its executor is unreachable"
                    + " (SparkTraining.exchangeTimeout(...) sets the wait)", e);
        } catch (EOFException e) {
            throw new IllegalStateException("SparkTraining: task 0 closed its connection to task " + task + " at " + when
                    + ": task 0 failed (its error is the stage's) or its executor was lost", e);
        } catch (IOException e) {
            throw new IllegalStateException("SparkTraining: task " + task + "'s connection to task 0 broke at " + when + " ("
                    + e + "): task 0 failed or its executor was lost", e);
        }
    }

    /** Task 0: sends {@code message} to every task still connected (best effort), for an exception to throw. */
    private IllegalStateException fail(String message) {
        for (int k = 1; k < tasks; k++) {
            try {
                send(links[k], out -> {
                    out.writeByte(FAILED);
                    out.writeUTF(message);
                });
            } catch (IOException gone) {
                // that task is the lost one, or its own error ends the stage
            }
        }
        return new IllegalStateException(message);
    }

    /** What a {@link #send} writes. */
    private interface Frame {
        void write(DataOutputStream out) throws IOException;
    }

    /** A write that made no progress until its deadline: the watchdog closed the connection. */
    private static final class Stuck extends IOException {
        Stuck(String message) {
            super(message);
        }
    }

    /**
     * Writes and flushes one frame; a write that blocks past the timeout (the peer stopped reading,
     * or its machine is gone without a word) is ended by the watchdog closing the connection.
     */
    private void send(Link link, Frame frame) throws IOException {
        if (watchdog == null) {
            watchdog = Thread.ofVirtual().name("fathom SparkTraining exchange watchdog, task " + task).start(this::watch);
        }
        link.sendDeadline = System.nanoTime() + timeoutNanos;
        link.sending = true;
        try {
            frame.write(link.out);
            link.out.flush();
        } catch (IOException e) {
            if (link.stuck) throw new Stuck("no progress writing to the connection for " + seconds(timeoutNanos));
            throw e;
        } finally {
            link.sending = false;
        }
    }

    /** The watchdog: every {@value #POLL_MILLIS} ms, closes the connections whose write is past its deadline, or all when Spark killed the task. */
    private void watch() {
        while (!closed) {
            LockSupport.parkNanos(POLL_MILLIS * 1_000_000L);
            boolean killed = false;
            try {
                checkKilled.run();
            } catch (RuntimeException e) {
                killed = true;
            }
            long now = System.nanoTime();
            for (Link l : links) {
                if (l != null && l.sending && (killed || now - l.sendDeadline > 0)) {
                    l.stuck = true;
                    l.close();
                }
            }
        }
    }

    /** {@code sum[j] += n·g[j]} in float64; a new sum when {@code sum} is null. */
    private static double[] weigh(double[] sum, int n, float[] g) {
        if (sum == null) sum = new double[g.length];
        for (int j = 0; j < g.length; j++) sum[j] += (double) n * g[j];
        return sum;
    }

    private static float[] mean(double[] sum, double samples) {
        float[] mean = new float[sum.length];
        for (int j = 0; j < sum.length; j++) mean[j] = (float) (sum[j] / samples);
        return mean;
    }

    /** {@code values} into {@link #bytes}, big-endian. */
    private void writeFloats(float[] values) {
        if (bytes.length < 4 * values.length) bytes = new byte[4 * values.length];
        ByteBuffer.wrap(bytes).asFloatBuffer().put(values);
    }

    private void readFloats(DataInputStream in, float[] into) throws IOException {
        if (bytes.length < 4 * into.length) bytes = new byte[4 * into.length];
        in.readFully(bytes, 0, 4 * into.length);
        ByteBuffer.wrap(bytes, 0, 4 * into.length).asFloatBuffer().get(into);
    }

    private static String seconds(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        closed = true;
        for (Link l : links) if (l != null) l.close();
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** One connection: buffered streams, no Nagle delay, reads that give up at {@link #deadline} or when Spark killed the task. */
    private static final class Link {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;
        volatile long deadline;
        volatile long sendDeadline;
        volatile boolean sending;
        volatile boolean stuck;

        Link(Socket socket, Runnable checkKilled) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(POLL_MILLIS);
            this.in = new DataInputStream(new BufferedInputStream(new Patient(socket.getInputStream(), this, checkKilled), BUFFER));
            this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER));
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /**
     * A socket's input whose reads wait past the socket's short timeout until the link's deadline,
     * checking between tries whether Spark killed the task. A socket stays usable after a timeout.
     */
    private static final class Patient extends FilterInputStream {
        private final Link link;
        private final Runnable checkKilled;

        Patient(InputStream in, Link link, Runnable checkKilled) {
            super(in);
            this.link = link;
            this.checkKilled = checkKilled;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                try {
                    return super.read(b, off, len);
                } catch (SocketTimeoutException e) {
                    checkKilled.run();
                    if (System.nanoTime() - link.deadline > 0) throw e;
                }
            }
        }
    }
}
