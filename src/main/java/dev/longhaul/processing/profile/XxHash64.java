package dev.longhaul.processing.profile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The 64-bit xxHash (XXH64) of bytes, seed 0: fast and well mixed, so every bit of it can
 * feed a {@link DistinctCounter}.
 */
final class XxHash64 {

	private static final long PRIME1 = 0x9E3779B185EBCA87L;

	private static final long PRIME2 = 0xC2B2AE3D27D4EB4FL;

	private static final long PRIME3 = 0x165667B19E3779F9L;

	private static final long PRIME4 = 0x85EBCA77C2B2AE63L;

	private static final long PRIME5 = 0x27D4EB2F165667C5L;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private XxHash64() {
	}

	static long hash(byte[] data) {
		return hash(data, 0, data.length);
	}

	/**
	 * The hash of the UTF-8 encoding of a string.
	 * @param value the string
	 * @return the hash
	 */
	static long hash(String value) {
		return hash(value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The hash of a range of an array.
	 * @param data the bytes
	 * @param offset where the range starts
	 * @param length how many bytes it has
	 * @return the hash
	 */
	static long hash(byte[] data, int offset, int length) {
		int i = offset;
		int end = offset + length;
		long hash;
		if (length >= 32) {
			long v1 = PRIME1 + PRIME2;
			long v2 = PRIME2;
			long v3 = 0;
			long v4 = -PRIME1;
			int limit = end - 32;
			do {
				v1 = round(v1, longAt(data, i));
				v2 = round(v2, longAt(data, i + 8));
				v3 = round(v3, longAt(data, i + 16));
				v4 = round(v4, longAt(data, i + 24));
				i += 32;
			}
			while (i <= limit);
			hash = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
			hash = mergeRound(hash, v1);
			hash = mergeRound(hash, v2);
			hash = mergeRound(hash, v3);
			hash = mergeRound(hash, v4);
		}
		else {
			hash = PRIME5;
		}
		hash += length;
		while (i + 8 <= end) {
			hash ^= round(0, longAt(data, i));
			hash = Long.rotateLeft(hash, 27) * PRIME1 + PRIME4;
			i += 8;
		}
		if (i + 4 <= end) {
			hash ^= (intAt(data, i) & 0xFFFFFFFFL) * PRIME1;
			hash = Long.rotateLeft(hash, 23) * PRIME2 + PRIME3;
			i += 4;
		}
		while (i < end) {
			hash ^= (data[i] & 0xFFL) * PRIME5;
			hash = Long.rotateLeft(hash, 11) * PRIME1;
			i++;
		}
		hash ^= hash >>> 33;
		hash *= PRIME2;
		hash ^= hash >>> 29;
		hash *= PRIME3;
		hash ^= hash >>> 32;
		return hash;
	}

	private static long round(long accumulator, long input) {
		accumulator += input * PRIME2;
		accumulator = Long.rotateLeft(accumulator, 31);
		return accumulator * PRIME1;
	}

	private static long mergeRound(long hash, long value) {
		hash ^= round(0, value);
		return hash * PRIME1 + PRIME4;
	}

	private static long longAt(byte[] data, int i) {
		return (long) LONGS.get(data, i);
	}

	private static int intAt(byte[] data, int i) {
		return (int) INTS.get(data, i);
	}

}
