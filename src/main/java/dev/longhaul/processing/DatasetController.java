package dev.longhaul.processing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.longhaul.web.InvalidRequestException;
import dev.longhaul.web.PageParameters;
import dev.longhaul.web.Problems;

/**
 * The dataset API: upload a CSV (a {@code text/csv} body or a multipart {@code file}),
 * follow its progress, fetch its report, cancel, list, delete. The refusals of
 * {@link Datasets} become problem details here.
 */
@RestController
@RequestMapping("/api/datasets")
class DatasetController {

	private static final int MAX_PAGE_SIZE = 100;

	private final Datasets datasets;

	DatasetController(Datasets datasets) {
		this.datasets = datasets;
	}

	@PostMapping(consumes = { "text/csv", MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE })
	ResponseEntity<DatasetView> uploadBody(HttpServletRequest request,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String delimiter,
			@RequestParam(required = false) @Nullable String notify) {
		// The declared charset, not request.getCharacterEncoding(): Boot's encoding
		// filter forces that to UTF-8.
		java.nio.charset.Charset declared = MediaType.parseMediaType(request.getContentType()).getCharset();
		String charset = (declared != null) ? declared.name() : null;
		if (charset != null && !charset.equalsIgnoreCase("UTF-8") && !charset.equalsIgnoreCase("US-ASCII")) {
			throw new InvalidRequestException("Content-Type", "datasets must be UTF-8 (or ASCII), not " + charset);
		}
		try {
			return accepted(this.datasets.upload(request.getInputStream(), request.getContentLengthLong(), name,
					delimiter, notify));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<DatasetView> uploadFile(@RequestPart("file") MultipartFile file,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String delimiter,
			@RequestParam(required = false) @Nullable String notify) {
		try {
			return accepted(this.datasets.upload(file.getInputStream(), file.getSize(),
					(name != null) ? name : file.getOriginalFilename(), delimiter, notify));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ResponseEntity<DatasetView> accepted(DatasetView view) {
		return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/datasets/" + view.id())).body(view);
	}

	@GetMapping("/{id}")
	DatasetView get(@PathVariable long id) {
		return this.datasets.find(id).orElseThrow(() -> new DatasetNotFoundException(id));
	}

	@GetMapping
	DatasetPage list(@RequestParam(required = false) @Nullable DatasetStatus status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		PageParameters paging = PageParameters.of(page, size, MAX_PAGE_SIZE);
		return this.datasets.list(status, paging.page(), paging.size());
	}

	/** The report as JSON; 409 while the dataset is not processed. */
	@GetMapping(path = "/{id}/report", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> report(@PathVariable long id) {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.datasets.report(id));
	}

	/** The report as CSV, one row per column; 409 while the dataset is not processed. */
	@GetMapping(path = "/{id}/report", produces = "text/csv")
	ResponseEntity<String> reportCsv(@PathVariable long id) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
			.body(this.datasets.reportCsv(id));
	}

	@PostMapping("/{id}/cancel")
	DatasetView cancel(@PathVariable long id) {
		return this.datasets.cancel(id);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		this.datasets.delete(id);
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler
	ProblemDetail invalid(InvalidUploadException ex) {
		return Problems.invalid(ex.violations());
	}

	@ExceptionHandler
	ProblemDetail tooLarge(UploadTooLargeException ex) {
		return Problems.contentTooLarge(ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notFound(DatasetNotFoundException ex) {
		return Problems.notFound(ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail conflict(DatasetStatusException ex) {
		return Problems.conflict(ex.getMessage());
	}

}
