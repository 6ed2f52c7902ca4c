#!/usr/bin/env python3
"""Checks the colour themes in style.css: the two copies of the dark palette are identical, no
rule outside the palettes hard-codes a colour, and every text/background pair and every
boundary or focus indicator meets WCAG 2.2 AA contrast (4.5:1 for text, 3:1 for UI components)
in both themes. Prints one table per theme; exits 1 on a failure.

Run: python3 scripts/contrast.py [style.css]"""

import re
import sys

# Label colours the app ships with: the default schema, the claim and cue colours, the colour
# of an unknown label (src/model/schema.rs, src/ui/document_view.rs).
SHIPPED_LABELS = [
    "#f4a3a8", "#8fc1e3", "#a8d5a2", "#f7c873", "#c9b1e0", "#f2b5d4", "#9fd8d1", "#d9c29c",
    "#c4c4c4", "#e8e08a", "#f2c14e", "#b39ddb",
]

# (foreground, background, minimum, what it is). Backgrounds may be "a over b" for a
# translucent colour drawn on another.
TEXT = 4.5
UI = 3.0
PAIRS = [
    ("--fg", "--bg", TEXT, "body text on the page"),
    ("--fg", "--panel", TEXT, "text on panels, toolbar, dialogs"),
    ("--fg", "--panel-tint", TEXT, "text in the selected-annotation panel"),
    ("--fg", "--button-bg", TEXT, "button text"),
    ("--fg", "--button-hover", TEXT, "button text, hovered"),
    ("--fg", "--selected-bg", TEXT, "selected row text"),
    ("--fg", "--info-bg", TEXT, "message text"),
    ("--fg", "--warning-bg", TEXT, "import diagnostics text"),
    ("--fg", "--badge-bg", TEXT, "verdict / document status badge"),
    ("--fg", "--badge-good", TEXT, "verdict true / document done"),
    ("--fg", "--badge-bad", TEXT, "verdict false"),
    ("--fg", "--badge-mixed", TEXT, "verdict mixed"),
    ("--fg", "--match-bg", TEXT, "search match"),
    ("--fg", "--track-bg", TEXT, "progress text on the track"),
    ("--fg", "--progress-bar", TEXT, "progress text on the bar"),
    ("--muted", "--bg", TEXT, "muted text on the page (hint)"),
    ("--muted", "--panel", TEXT, "muted text on panels (title, counts, save state)"),
    ("--muted", "--panel-tint", TEXT, "muted text in the selected-annotation panel"),
    ("--muted", "--selected-bg", TEXT, "muted text in a selected row"),
    ("--muted", "--warning-bg", TEXT, "diagnostic line numbers"),
    ("--accent", "--bg", TEXT, "accent as text on the page"),
    ("--accent", "--panel", TEXT, "accent as text on panels"),
    ("--on-accent", "--accent", TEXT, "primary button text"),
    ("--on-accent", "--accent-hover", TEXT, "primary button text, hovered"),
    ("--link", "--bg", TEXT, "links on the page"),
    ("--link", "--panel", TEXT, "links on panels"),
    ("--error", "--bg", TEXT, "error text on the page"),
    ("--error", "--panel", TEXT, "error text on panels and dialogs"),
    ("--error", "--error-bg", TEXT, "error message"),
    ("--fatal-fg", "--fatal-bg", TEXT, "fatal error box"),
    ("--kbd-fg", "--kbd-bg over #000000", TEXT, "key hint on the darkest label"),
    ("--kbd-fg", "--kbd-bg over #ffffff", TEXT, "key hint on the lightest label"),
    ("--chart-text", "--chart-background", TEXT, "chart labels"),
    ("--chart-muted", "--chart-background", TEXT, "chart secondary labels"),
    ("--chart-axis", "--chart-background", UI, "chart axis and bar outlines"),
    ("--focus", "--bg", UI, "focus outline on the page"),
    ("--focus", "--panel", UI, "focus outline on panels"),
    ("--focus", "--panel-tint", UI, "focus outline in the selected-annotation panel"),
    ("--focus", "--selected-bg", UI, "focus outline next to a selected row"),
    ("--accent", "--button-bg", UI, "selected / current outline next to a button"),
    ("--linked", "--bg", UI, "linked-annotation outline"),
    ("--field-line", "--panel", UI, "text field border in dialogs"),
    ("--field-line", "--bg", UI, "text field border on the page"),
    ("--dashed-line", "--panel", UI, "suggested chip frame"),
]

# Pairs shown for information: WCAG does not require them (a button or a tab is identified by its
# text, the progress bar repeats the text next to it, a highlight's text is what must be read).
INFO = [
    ("--button-bg", "--panel", "button fill vs panel"),
    ("--accent", "--panel", "primary button fill vs dialog"),
    ("--match-bg", "--bg", "search match fill vs page"),
    ("--progress-bar", "--track-bg", "progress bar vs track"),
    ("--panel", "--overlay-bg over --bg", "dialog vs dimmed page"),
]

MARK_FILLS = [
    "--mark-fill", "--mark-fill-selected", "--mark-fill-claim", "--mark-fill-cue",
    "--mark-fill-suggestion", "--mark-fill-current",
]


def block(css, opening):
    start = css.index(opening) + len(opening)
    return css[start:css.index("}", start)]


def declarations(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return dict(re.findall(r"(--[\w-]+|color-scheme)\s*:\s*([^;]+);", text))


def parse(value, palette):
    value = value.strip()
    match = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if match:
        return parse(palette[match.group(1)], palette)
    match = re.fullmatch(r"(.+?) over (.+)", value)
    if match:
        return over(parse(match.group(1), palette), parse(match.group(2), palette))
    if value.startswith("--"):
        return parse(palette[value], palette)
    named = {"black": "#000000", "white": "#ffffff", "transparent": "rgba(0, 0, 0, 0)"}
    value = named.get(value, value)
    if value.startswith("#"):
        hex_digits = value[1:]
        if len(hex_digits) == 3:
            hex_digits = "".join(c * 2 for c in hex_digits)
        return tuple(int(hex_digits[i:i + 2], 16) for i in (0, 2, 4)) + (1.0,)
    match = re.fullmatch(r"rgba?\(([^)]*)\)", value)
    if match:
        parts = [float(p) for p in match.group(1).split(",")]
        return tuple(parts[:3]) + (parts[3] if len(parts) == 4 else 1.0,)
    raise ValueError(f"not a colour: {value}")


def over(top, bottom):
    """`top` composited on an opaque `bottom` (also how color-mix with transparent draws)."""
    alpha = top[3]
    return tuple(top[i] * alpha + bottom[i] * (1 - alpha) for i in range(3)) + (1.0,)


def mix(color, percent, base):
    """color-mix(in srgb, color percent, base), composited on the page when base is clear."""
    p = percent / 100
    if base[3] == 0:
        return (color[0], color[1], color[2], p)
    return tuple(color[i] * p + base[i] * (1 - p) for i in range(3)) + (1.0,)


def luminance(color):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in color[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hex_of(color):
    return "#" + "".join(f"{round(c):02x}" for c in color[:3])


def check_theme(name, palette):
    print(f"\n## {name} theme\n")
    print("| foreground | background | ratio | needs | what |")
    print("|---|---|---|---|---|")
    failures = 0
    page = parse("--bg", palette)
    for fg, bg, minimum, what in PAIRS:
        back = parse(bg, palette)
        front = over(parse(fg, palette), back)
        value = ratio(front, back if back[3] == 1 else over(back, page))
        ok = value >= minimum
        failures += not ok
        print(f"| `{fg}` {hex_of(front)} | `{bg}` {hex_of(back)} | {value:.2f} | {minimum} | "
              f"{what}{'' if ok else ' **FAILS**'} |")
    # Highlights: the page text on a label's tint, for every shipped label colour and for the
    # extremes a person may choose (white and black).
    base = parse("--mark-base", palette)
    text = parse("--fg", palette)
    for fill in MARK_FILLS:
        percent = float(palette[fill].strip().rstrip("%"))
        results = []
        for label in SHIPPED_LABELS + ["#ffffff", "#000000"]:
            tint = over(mix(parse(label, {}), percent, base), page)
            results.append((ratio(text, tint), label))
        shipped = min(results[:-2])
        white, black = results[-2][0], results[-1][0]
        # Mixed with the page (dark), any label colour a person picks keeps the text readable.
        # Mixed with transparent (light), a black label darkens what is under dark text, as it
        # always has; the shipped labels and white are what must pass there.
        required = results if base[3] == 1 else results[:-1]
        ok = min(required)[0] >= TEXT
        failures += not ok
        print(f"| `--fg` | label at `{fill}` ({percent:g}%) | {shipped[0]:.2f} | {TEXT} | "
              f"worst shipped label {shipped[1]}; a white label {white:.2f}, a black one "
              f"{black:.2f}{'' if ok else ' **FAILS**'} |")
    edge = parse("--mark-edge", palette)
    worst = min(
        (ratio(over(mix(parse(label, {}), 80, edge), page), page), label) for label in SHIPPED_LABELS
    )
    print(f"\nFor information (not required by WCAG): label underline (80% label, 20% "
          f"`--mark-edge`) vs page, worst shipped label {worst[1]}: {worst[0]:.2f}")
    for a, b, what in INFO:
        back = parse(b, palette)
        print(f"- {what}: {ratio(parse(a, palette), back):.2f}")
    return failures


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "style.css"
    css = open(path, encoding="utf-8").read()
    light = declarations(block(css, "\n:root {"))
    dark_by_system = declarations(block(css, ':root:not([data-theme="light"]) {'))
    dark_by_choice = declarations(block(css, ':root[data-theme="dark"] {'))
    failures = 0
    if dark_by_system != dark_by_choice:
        print("The two dark palettes differ:", set(dark_by_system.items()) ^ set(dark_by_choice.items()))
        failures += 1
    missing = set(dark_by_system) - set(light)
    if missing:
        print("Dark variables without a light value:", sorted(missing))
        failures += 1
    # Outside the palettes, colours are variables; `var(--t, #000)` falls back to a label's text
    # colour, and `black` darkens a label's own colour on its button.
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for opening in ("\n:root {", ':root:not([data-theme="light"]) {', ':root[data-theme="dark"] {'):
        rules = rules.replace(block(rules, opening), "")
    rules = rules.replace("var(--t, #000)", "")
    for literal in re.findall(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\(", rules):
        print("A colour outside the palettes:", literal)
        failures += 1
    failures += check_theme("Light", light)
    failures += check_theme("Dark", {**light, **dark_by_system})
    print(f"\n{failures} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
