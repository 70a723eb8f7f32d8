package dev.longhaul.email;

import java.util.List;

/**
 * A page of emails, newest first.
 *
 * @param items the emails
 * @param page the page number, from 0
 * @param size the page size
 * @param total emails on all pages
 */
public record EmailPage(List<EmailView> items, int page, int size, long total) {
}
