"""Walking a page with the Tab key, as a keyboard user does, and judging what each stop shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Page

#: two frames: long enough for the scripts that follow the scroll (Material's sticky sidebar) to run
FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"

#: what the focused element is and whether its focus can be seen; marks it as reached
FOCUS = """(again) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (!again && el.hasAttribute('data-kbd-reached')) return {again: true};
  el.setAttribute('data-kbd-reached', '');
  let target = el;
  const own = el.getBoundingClientRect();
  if (own.width < 1 || own.height < 1) {
    // a visually hidden control shows its focus on a label: its own, or (Material's palette
    // radio) the label that follows it
    const labels = [...(el.labels || []), el.nextElementSibling].filter(l => l && l.tagName === 'LABEL');
    target = labels.find(l => { const r = l.getBoundingClientRect(); return r.width >= 1 && r.height >= 1; }) || el;
  }
  const s = getComputedStyle(target);
  const r = target.getBoundingClientRect();
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) || (s.boxShadow && s.boxShadow !== 'none');
  let opacity = 1;
  for (let p = target; p; p = p.parentElement) opacity *= parseFloat(getComputedStyle(p).opacity);
  const inView = r.width >= 1 && r.height >= 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  // seen when the centre of one of its boxes (a link that wraps has one per line) is not under another element
  const onTop = [...target.getClientRects()].some(box => {
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    return !!top && (target.contains(top) || top.contains(target) || (el !== target && el.contains(top)));
  });
  const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('href') || el.id || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  const what = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).filter(c => c !== 'focus-visible').join('.') : '') + ` "${name}"`;
  return {what, ring, visible: inView && s.visibility === 'visible' && opacity > 0.1, onTop, at: [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)]};
}"""

#: every element a reader could reach with Tab and can see, that the walk did not reach
UNREACHED = """() => {
  const sel = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]';
  const radiosReached = new Set([...document.querySelectorAll('input[type=radio][data-kbd-reached]')].map(r => r.name));
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    if (el.hasAttribute('data-kbd-reached') || el.tabIndex < 0) continue;
    if (el.type === 'radio' && radiosReached.has(el.name)) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const r = el.getBoundingClientRect();
    const labelled = el.labels && [...el.labels].some(l => l.checkVisibility({visibilityProperty: true}) && l.getBoundingClientRect().width >= 1);
    if ((r.width < 1 || r.height < 1) && !labelled) continue;
    out.push(el.outerHTML.slice(0, 120));
  }
  return out;
}"""


@dataclass
class Walk:
    stops: list[dict] = field(default_factory=list)
    unreached: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        out = []
        for n, stop in enumerate(self.stops, start=1):
            if not stop["ring"]:
                out.append(f"Tab {n}: {stop['what']} shows no focus ring")
            if not stop["visible"]:
                out.append(f"Tab {n}: {stop['what']} has the focus but cannot be seen (at {stop['at']})")
            elif not stop["onTop"]:
                out.append(f"Tab {n}: {stop['what']} has the focus but something covers it (at {stop['at']})")
        out += [f"never reached with Tab: {html}" for html in self.unreached]
        return out


def walk(page: Page, *, limit: int = 2000) -> Walk:
    """Press Tab from the top of the page until the focus leaves the page or comes round again."""
    result = Walk()
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS, False)
        if stop is None or stop.get("again"):
            break
        if not (stop["visible"] and stop["onTop"]):
            # judged again once the page has drawn the scroll that the focus caused: a sidebar
            # that Material resizes on scroll may cover a link for one frame, never for a reader
            page.evaluate(FRAMES)
            stop = page.evaluate(FOCUS, True)
        result.stops.append(stop)
    else:
        raise AssertionError(f"the focus did not leave the page after {limit} presses of Tab: a keyboard trap?")
    result.unreached = page.evaluate(UNREACHED)
    return result


def press_until(page: Page, key: str, test: str, *, limit: int = 400) -> int:
    """Press a key until the JavaScript predicate `test` (on `el`, the focused element) holds; return the count."""
    for n in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({test}); }}"):
            return n
    raise AssertionError(f"{limit} presses of {key} never reached an element where {test}")


def tab_until(page: Page, test: str, *, limit: int = 400) -> int:
    return press_until(page, "Tab", test, limit=limit)
