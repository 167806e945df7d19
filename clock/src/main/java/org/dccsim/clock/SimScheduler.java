package org.dccsim.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs tasks at simulated instants of a {@link SimClock}, whatever the clock does: runs at a speed, jumps forward,
 * is held, or (a manual clock) moves only when told. One thread waits for the earliest task, at most
 * {@link #MAX_WAIT} of real time at once, and looks again whenever the clock changes; so a jump of the admin clock
 * runs everything it passed over, in order. Tasks run on that thread: keep them short (hand work to an executor).
 */
public final class SimScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SimScheduler.class.getName());
    /** The longest real wait between looks at the clock (a guard against a clock change nobody reported). */
    public static final Duration MAX_WAIT = Duration.ofMillis(250);

    /** A scheduled task; {@link #cancel()} stops it if it has not run. */
    public static final class Task implements Comparable<Task> {
        private final Instant at;
        private final long seq;
        private final Runnable run;
        private volatile boolean cancelled;

        private Task(Instant at, long seq, Runnable run) {
            this.at = at;
            this.seq = seq;
            this.run = run;
        }

        public Instant at() {
            return at;
        }

        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Task o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final SimClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private final Thread thread;
    private long seq;
    private volatile boolean closed;

    public SimScheduler(SimClock clock, String threadName) {
        this.clock = clock;
        clock.onChange(this::wake);
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} once simulated time reaches {@code at} (at once if it has). */
    public Task schedule(Instant at, Runnable task) {
        lock.lock();
        try {
            Task t = new Task(at, seq++, task);
            tasks.add(t);
            changed.signalAll();
            return t;
        } finally {
            lock.unlock();
        }
    }

    /** How many tasks wait. */
    public int pending() {
        lock.lock();
        try {
            return tasks.size();
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (!closed) {
            Task due = null;
            lock.lock();
            try {
                Task first = tasks.peek();
                if (first == null) {
                    changed.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                Instant now = clock.now();
                if (!first.at.isAfter(now)) {
                    due = tasks.poll();
                } else {
                    long wait = MAX_WAIT.toNanos();
                    if (clock.runsOnItsOwn()) {
                        wait = Math.min(wait, Math.max(1, clock.realTimeFor(Duration.between(now, first.at)).toNanos()));
                    }
                    changed.awaitNanos(wait);
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (!due.cancelled) {
                try {
                    due.run.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a task scheduled for " + due.at + " failed", e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
