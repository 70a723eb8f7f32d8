package dev.longhaul.web;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.Constants;
import org.apache.coyote.Request;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's HTTP/1.1 NIO connector plus a bound on the time a request's line and headers
 * may take to arrive, from their first byte: Tomcat's {@code connectionTimeout} applies
 * to each read, so a client sending a byte every few seconds would otherwise hold the
 * connection for as long as it likes. A sweep on Tomcat's utility executor, every quarter
 * of the bound (at most every second), closes the connections whose request is still
 * being parsed past the bound, and logs one line per sweep that closed any. Public with a
 * no-argument constructor: Tomcat instantiates its protocol by class name.
 */
public final class HeaderTimeoutProtocol extends Http11NioProtocol {

	private static final Logger logger = LoggerFactory.getLogger(HeaderTimeoutProtocol.class);

	private volatile long headerTimeoutMillis;

	private @Nullable ScheduledFuture<?> sweep;

	public HeaderTimeoutProtocol() {
	}

	/**
	 * The longest time, from the first byte, that a request's line and headers may take
	 * to arrive.
	 * @return the bound in milliseconds, 0 for none
	 */
	public long getHeaderTimeout() {
		return this.headerTimeoutMillis;
	}

	public void setHeaderTimeout(long millis) {
		this.headerTimeoutMillis = millis;
	}

	@Override
	public void start() throws Exception {
		super.start();
		long timeout = this.headerTimeoutMillis;
		if (timeout > 0) {
			long period = Math.max(10, Math.min(1000, timeout / 4));
			this.sweep = getUtilityExecutor().scheduleWithFixedDelay(this::closeSlowRequests, period, period,
					TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void stop() throws Exception {
		ScheduledFuture<?> running = this.sweep;
		if (running != null) {
			running.cancel(false);
			this.sweep = null;
		}
		super.stop();
	}

	/**
	 * Closes the connections whose request line and headers have been arriving for longer
	 * than the bound. Such a connection waits in the poller (no thread is blocked on it).
	 */
	void closeSlowRequests() {
		try {
			long now = System.nanoTime();
			long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(this.headerTimeoutMillis);
			int closed = 0;
			for (SocketWrapperBase<NioChannel> connection : getEndpoint().getConnections()) {
				// Between two reads of an incomplete head, a connection waits with its
				// processor attached, not async, its stage ENDED (that first pass of
				// parsing is over); its request's start time is when the first byte came.
				if (connection.getCurrentProcessor() instanceof AbstractProcessor processor && !processor.isAsync()) {
					Request request = processor.getRequest();
					if (request.getRequestProcessor().getStage() == Constants.STAGE_ENDED
							&& now - request.getStartTimeNanos() > timeoutNanos) {
						connection.close();
						closed++;
					}
				}
			}
			if (closed > 0) {
				logger.warn("Closed {} connection(s) whose request headers took longer than {} ms to arrive", closed,
						this.headerTimeoutMillis);
			}
		}
		catch (RuntimeException ex) {
			// A scheduled task that throws is never run again: keep sweeping.
			logger.warn("Sweep of slow request headers failed, will keep running: {}", ex.toString());
		}
	}

}
