package dev.longhaul.states;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The life of one kind of thing the API shows: its states, those it ends in, the one that
 * means it failed, and per action of the API the states in which the API takes it (it
 * answers 409 in the others).
 *
 * @param <S> its state enum
 * @param states every state, in the order of the enum (the order of its life)
 * @param ended the states in which nothing more happens unless someone acts
 * @param failed the state of one that failed
 * @param actions per action, named as in its path ({@code retry}, {@code cancel},
 * {@code delete}, ...), the states in which the API takes it, in the order of the enum
 */
record Lifecycle<S extends Enum<S>>(List<S> states, List<S> ended, S failed, Map<String, List<S>> actions) {

	/**
	 * A lifecycle without actions yet.
	 * @param <S> the state enum
	 * @param type the state enum
	 * @param failed the state of one that failed
	 * @param ended the states it ends in
	 * @return the lifecycle
	 */
	static <S extends Enum<S>> Lifecycle<S> of(Class<S> type, S failed, Set<S> ended) {
		return new Lifecycle<>(List.of(type.getEnumConstants()), inOrder(ended), failed, Map.of());
	}

	/**
	 * This lifecycle with one more action.
	 * @param action its name
	 * @param in the states in which the API takes it
	 * @return a new lifecycle; actions keep the order they were added in
	 */
	Lifecycle<S> allowing(String action, Set<S> in) {
		Map<String, List<S>> more = new LinkedHashMap<>(this.actions);
		more.put(action, inOrder(in));
		return new Lifecycle<>(this.states, this.ended, this.failed, Collections.unmodifiableMap(more));
	}

	private static <S extends Enum<S>> List<S> inOrder(Set<S> states) {
		return states.stream().sorted().toList();
	}

}
