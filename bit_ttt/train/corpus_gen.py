"""Writes the shipped training corpus: short English stories from a small seeded grammar.

Run `python -m bit_ttt.train.corpus_gen` to regenerate `bit_ttt/data/corpus.txt` byte for byte.
Why generated: the corpus must be ours to ship, small, and still real English (spelling,
punctuation, recurring names) so a byte-level model visibly learns within a minute.
"""

from __future__ import annotations

import random
from pathlib import Path

NAMES = ("Anna", "Ben", "Lily", "Tom", "Mia", "Sam", "Rosa", "Leo", "Nora", "Max", "Ivy", "Finn")
ANIMALS = ("cat", "dog", "bird", "fox", "rabbit", "duck", "horse", "mouse", "frog", "bear")
PLACES = ("the park", "the garden", "the forest", "the beach", "the old barn", "the river",
          "the school", "the market", "the hill", "the little house")
OBJECTS = ("ball", "kite", "red hat", "book", "box", "blue cup", "shell", "map", "lamp", "key",
           "drum", "basket")
ADJECTIVES = ("happy", "small", "big", "kind", "brave", "quiet", "funny", "tired", "curious", "shy")
FEELINGS = ("happy", "sad", "excited", "scared", "proud", "surprised", "calm", "hungry")
WEATHER = ("The sun was warm.", "It was raining softly.", "The wind was cold.", "The sky was blue and clear.",
           "Snow covered the ground.", "Dark clouds came over the hill.")
TIMES = ("One day", "One morning", "Last summer", "On a rainy day", "In the evening", "Long ago")
VERBS_PAST = ("found", "lost", "painted", "carried", "hid", "shared", "fixed", "dropped", "opened")
SAYINGS = ("Let us play together!", "I can help you.", "Look what I found!", "Where did it go?",
           "This is the best day ever.", "We should go home now.", "Thank you, my friend.",
           "Can you keep a secret?", "I am not afraid.")
ENDINGS = ("From that day on, {a} and {b} were best friends.", "{a} smiled and went home to sleep.",
           "They laughed all the way home.", "{a} learned that it is good to share.",
           "And the {animal} was never lonely again.", "The end.")


def _spoken(saying: str) -> str:
    """A quotation followed by `said X` ends in a comma unless it is a question or exclamation."""
    return saying[:-1] + "," if saying.endswith(".") else saying


def _sentence_pool(rng: random.Random, a: str, b: str, animal: str, place: str, thing: str) -> list[str]:
    adj = rng.choice(ADJECTIVES)
    feeling = rng.choice(FEELINGS)
    verb = rng.choice(VERBS_PAST)
    return [
        f"{a} saw a {adj} {animal} near {place}.",
        f"The {animal} looked at {a} and {rng.choice(('ran away', 'sat down', 'jumped up', 'came closer'))}.",
        f"{a} {verb} a {thing} in {place}.",
        f"{b} felt {feeling} because the {thing} was {rng.choice(('gone', 'broken', 'new', 'very heavy'))}.",
        f'"{_spoken(rng.choice(SAYINGS))}" said {rng.choice((a, b))}.',
        f'{a} asked, "{rng.choice(("Is this your", "Do you want my", "Have you seen the"))} {thing}?"',
        f"{b} shook {rng.choice(('his', 'her'))} head and said, \"No, {rng.choice(('thank you', 'not today', 'it is yours'))}.\"",
        rng.choice(WEATHER),
        f"They walked to {rng.choice(PLACES)} and looked for the {thing}.",
        f"After a while, {a} and {b} sat under a tree and ate {rng.choice(('apples', 'bread', 'cake', 'soup'))}.",
        f"The {animal} was {rng.choice(ADJECTIVES)}, and it liked the {thing} very much.",
        f"{b} wanted to {rng.choice(('run', 'sing', 'swim', 'climb', 'dance', 'read'))}, but {a} was {rng.choice(FEELINGS)}.",
    ]


def story(rng: random.Random) -> str:
    """One story: an opening, 5-9 sentences drawn from a pool about the same characters, an ending."""
    a, b = rng.sample(NAMES, 2)
    animal = rng.choice(ANIMALS)
    place = rng.choice(PLACES)
    thing = rng.choice(OBJECTS)
    opening = f"{rng.choice(TIMES)}, {a} went to {place} with {b}."
    body = rng.sample(_sentence_pool(rng, a, b, animal, place, thing), rng.randint(5, 9))
    ending = rng.choice(ENDINGS).format(a=a, b=b, animal=animal)
    return " ".join((opening, *body, ending))


def generate(size_bytes: int = 300_000, seed: int = 1234) -> str:
    """Stories separated by blank lines until `size_bytes` is reached (deterministic in `seed`)."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size_bytes:
        text = story(rng)
        parts.append(text)
        total += len(text) + 2
    return "\n\n".join(parts) + "\n"


def main() -> None:
    target = Path(__file__).resolve().parent.parent / "data" / "corpus.txt"
    target.write_text(generate(), encoding="utf-8")


if __name__ == "__main__":
    main()
