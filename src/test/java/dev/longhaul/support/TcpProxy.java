package dev.longhaul.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (a database), whose link can be cut
 * the way a network outage cuts it: {@link #cut()} resets every open connection, and new
 * ones are accepted but never answered (packets dropped), until {@link #restore()}.
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	/**
	 * Starts the proxy on a free port.
	 * @param host the server's host
	 * @param port the server's port
	 */
	public TcpProxy(String host, int port) {
		this.target = new InetSocketAddress(host, port);
		try {
			this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		daemon("tcp-proxy-" + port(), this::accept).start();
	}

	/**
	 * The port to connect to instead of the server's.
	 * @return the port
	 */
	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/** Resets every open connection; new ones hang, unanswered. */
	public void cut() {
		this.cut = true;
		closeAll();
	}

	/**
	 * Connections reach the server again; those that hung are reset. The link is mended
	 * before the reset: a connection accepted while it was cut is in the set by the time
	 * the reset runs, so none stays hung (a hung login holds the pool's one connection
	 * creator for its whole login timeout). A connection made in between may be reset
	 * too: its client connects again.
	 */
	public void restore() {
		this.cut = false;
		closeAll();
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		closeAll();
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket client = this.serverSocket.accept();
				this.sockets.add(client);
				if (this.cut) {
					continue;
				}
				Socket server = new Socket();
				server.connect(this.target, 5_000);
				this.sockets.add(server);
				if (this.cut) {
					// cut while this connection was being set up, after closeAll()
					close(client);
					close(server);
					continue;
				}
				daemon("tcp-proxy-up", () -> pipe(client, server)).start();
				daemon("tcp-proxy-down", () -> pipe(server, client)).start();
			}
			catch (IOException ex) {
				if (this.serverSocket.isClosed()) {
					return;
				}
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			// No byte crosses a cut link, whatever connection escaped closeAll().
			while ((read = in.read(buffer)) >= 0 && !this.cut) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side went away: the other goes too
		}
		finally {
			close(from);
			close(to);
		}
	}

	private void closeAll() {
		for (Socket socket : this.sockets) {
			close(socket);
		}
	}

	private void close(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
			socket.close();
		}
		catch (IOException ex) {
			// already gone
		}
		this.sockets.remove(socket);
	}

	private static Thread daemon(String name, Runnable action) {
		Thread thread = new Thread(action, name);
		thread.setDaemon(true);
		return thread;
	}

}
