package dev.longhaul.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

/**
 * A data source that records the SQL of every statement prepared or executed through it,
 * so that a test can say what a query reads.
 */
public final class RecordingDataSource {

	private final List<String> statements = new CopyOnWriteArrayList<>();

	private final DataSource dataSource;

	public RecordingDataSource(DataSource target) {
		this.dataSource = proxy(DataSource.class, target);
	}

	/**
	 * The data source to use.
	 * @return the recording data source
	 */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * The SQL recorded since the last {@link #clear()}, in order.
	 * @return the statements
	 */
	public List<String> statements() {
		return List.copyOf(this.statements);
	}

	/**
	 * Forgets what was recorded.
	 */
	public void clear() {
		this.statements.clear();
	}

	private <T> T proxy(Class<T> type, Object target) {
		return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type },
				(proxy, method, args) -> invoke(target, method, args)));
	}

	private Object invoke(Object target, Method method, Object[] args) throws Throwable {
		String name = method.getName();
		if (args != null && args.length > 0 && args[0] instanceof String sql && (name.startsWith("prepare")
				|| (target instanceof Statement && name.startsWith("execute")) || name.equals("addBatch"))) {
			this.statements.add(sql);
		}
		Object result;
		try {
			result = method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
		if (result instanceof Connection connection && method.getReturnType() == Connection.class) {
			return proxy(Connection.class, connection);
		}
		if (result instanceof Statement statement && Statement.class.isAssignableFrom(method.getReturnType())) {
			@SuppressWarnings("unchecked")
			Class<? extends Statement> returned = (Class<? extends Statement>) method.getReturnType();
			return proxy(returned, statement);
		}
		return result;
	}

}
