// Every element with its own visible text: its colour against the first opaque background
// behind it (walking up the tree). Returns the pairs below the ratio asked for.
(minimum) => {
  const parse = (value) => {
    const numbers = value.match(/[\d.]+/g);
    if (!numbers) return null;
    let [r, g, b, a] = numbers.map(Number);
    if (value.startsWith("color(srgb")) { r *= 255; g *= 255; b *= 255; }
    return { r, g, b, a: a === undefined ? 1 : a };
  };
  const luminance = ({ r, g, b }) => {
    const f = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const backgroundOf = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a >= 0.99) return colour;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const failures = [];
  for (const element of document.body.querySelectorAll("*")) {
    const ownText = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(element);
    if (!ownText || style.visibility === "hidden" || style.display === "none") continue;
    if (element.closest(".skip")) continue;  // off-screen until focused
    const fg = parse(style.color);
    const bg = backgroundOf(element);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < minimum) {
      failures.push(`${element.tagName.toLowerCase()}.${element.className} "${element.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
    }
  }
  return failures;
}
