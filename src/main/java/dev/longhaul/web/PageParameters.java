package dev.longhaul.web;

/**
 * The {@code page} and {@code size} query parameters of a listing, checked the same way
 * by every controller: a page from 0, a size from 1 to the listing's maximum. Anything
 * else is refused with 400 naming the parameter.
 *
 * @param page the page, 0 or more
 * @param size the items per page, 1 or more
 */
public record PageParameters(int page, int size) {

	/**
	 * Checks the parameters of a listing paged by number.
	 * @param page the requested page
	 * @param size the requested size
	 * @param maxSize the largest size the listing serves
	 * @return the parameters
	 * @throws InvalidRequestException if the page (checked first) or the size is out of
	 * range
	 */
	public static PageParameters of(int page, int size, int maxSize) {
		if (page < 0) {
			throw new InvalidRequestException("page", "must be 0 or more");
		}
		return new PageParameters(page, checkSize(size, maxSize));
	}

	/**
	 * Checks the size of a listing paged otherwise (by a cursor).
	 * @param size the requested size
	 * @param maxSize the largest size the listing serves
	 * @return the size
	 * @throws InvalidRequestException if the size is out of range
	 */
	public static int checkSize(int size, int maxSize) {
		if (size < 1 || size > maxSize) {
			throw new InvalidRequestException("size", "must be between 1 and " + maxSize);
		}
		return size;
	}

}
