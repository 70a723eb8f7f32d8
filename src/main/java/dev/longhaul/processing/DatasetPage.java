package dev.longhaul.processing;

import java.util.List;

/**
 * A page of datasets, newest first.
 *
 * @param items the datasets
 * @param page the page number, from 0
 * @param size the page size
 * @param total datasets on all pages
 */
public record DatasetPage(List<DatasetView> items, int page, int size, long total) {
}
