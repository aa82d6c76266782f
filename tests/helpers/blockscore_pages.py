"""Hand-written pages for the block scorer tests (no corpus text): an interview story with short
lines that belong to it, and clutter blocks that no word list names."""

from __future__ import annotations

STORY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour ferry returns after winter repairs | Coastline Weekly</title></head>
<body>
<header class="site-header">
  <nav class="primary-nav"><ul>
    <li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/business">Business</a></li>
    <li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
</header>
<main>
<article class="story">
  <h1>Harbour ferry returns after winter repairs</h1>
  <div class="story-meta"><span class="author">By Maren Holt</span> <time datetime="2026-03-02">March 2, 2026</time></div>
  <figure><img src="ferry.jpg" alt="">
    <figcaption>The ferry leaves the north quay on Monday morning. Photo: Ilse Varga</figcaption></figure>
  <div class="story-body">
    <div class="kicker"><a href="/review">Review</a> <a href="/international">International</a></div>
    <p class="credit">Ilse Varga / Coastline Weekly</p>
    <p>The small ferry that links the north quay with the island of Skarvik made its first crossing of the
    year on Monday, three weeks later than planned, after a winter in dry dock that cost the harbour board
    more than it had set aside for the whole year.</p>
    <p>About forty passengers waited on the quay in a light drizzle. Most were commuters who had spent the
    winter on the longer road route around the bay, which adds close to an hour to each journey.</p>
    <p>Captain Oskar Lind, who has run the crossing for eleven years, stood at the gangway and greeted
    regular passengers by name as they came aboard.</p>
    <p>"Did you miss us?" he asked one of them.</p>
    <p>"Every single morning," she said.</p>
    <p>"Good," he said. "So did I."</p>
    <p>The repairs covered three jobs that the board listed in its February report:</p>
    <ul>
      <li>a new propeller shaft,</li>
      <li>welding on the hull plates,</li>
      <li>and new benches on the upper deck.</li>
    </ul>
    <div class="product-box"><p>Tested by Jane Roe</p><p>RRP £49.99</p><p>Check price</p></div>
    <p>The board's chair, Ruth Anand, said the delay came from a shortage of steel plate at the yard, not
    from any new damage found once the hull was out of the water. She said the board would publish the
    final cost at its April meeting, when the accounts for the winter are closed.</p>
    <blockquote><p>"We will not let the crossing go another winter without a spare vessel."</p></blockquote>
    <p>Some passengers were less patient. Tomas Berg, who runs a bakery on the island and ships bread to
    the mainland every morning, said the late return had cost him two of his cafe customers, who found
    another supplier while the ferry was out of service.</p>
    <div class="inline-promo"><h4>Elsewhere in Coastline</h4><ul>
      <li><a href="/a1">Council votes to close the old fish market for good</a></li>
      <li><a href="/a2">Skarvik school wins regional chess final for second year</a></li>
      <li><a href="/a3">Storm damage to the sea wall will take months to repair</a></li>
    </ul></div>
    <p>The timetable for the spring runs until the end of May, with the first crossing at 6.40 in the
    morning and the last at 9.15 in the evening. Tickets can be bought on board, in cash or by card.</p>
    <p><strong>About Coastline Media</strong><br>Coastline Media Group is a leading provider of local news and
    information services across the northern coast. For more information, visit www.coastline-media.example.</p>
  </div>
  <div class="story-tags"><a href="/tags/ferry">ferry</a> <a href="/tags/skarvik">Skarvik</a></div>
</article>
<div class="rail">
  <div class="rail-box">
    <h3 class="rail-title">Elsewhere in Coastline</h3>
    <ul class="rail-list">
      <li><a href="/a1">Council votes to close the old fish market for good</a></li>
      <li><a href="/a2">Skarvik school wins regional chess final for second year</a></li>
      <li><a href="/a3">Storm damage to the sea wall will take months to repair</a></li>
      <li><a href="/a4">New bakery opens on the harbour front in April</a></li>
    </ul>
  </div>
  <div class="rail-box"><span class="label">Review</span> <span class="label">International</span></div>
</div>
</main>
<div class="corp-note"><p>About Coastline Media: Coastline Media Group is a leading provider of local news and information
services across the northern coast. For more information, visit our corporate website.</p></div>
<footer class="site-footer"><p>Coastline Weekly, 12 Quay Street, Skarvik</p>
<ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>
</body></html>
"""

# Lines of the story that are short but belong to it.
STORY_KEEP = (
    '"Did you miss us?" he asked one of them.',
    '"Every single morning," she said.',
    '"Good," he said. "So did I."',
    "a new propeller shaft,",
    "welding on the hull plates,",
    "and new benches on the upper deck.",
    '"We will not let the crossing go another winter without a spare vessel."',
    "The repairs covered three jobs that the board listed in its February report:",
)

# Blocks of the page that are not the story (none of them is in a word list) and that the
# scorer must not put back: trafilatura left them out, and they are clutter.
STORY_DROP = (
    "Council votes to close the old fish market for good",
    "Skarvik school wins regional chess final for second year",
    "Storm damage to the sea wall will take months to repair",
    "Review",
    "International",
    "Ilse Varga / Coastline Weekly",
    "Coastline Weekly, 12 Quay Street",
    "New bakery opens on the harbour front in April",
)

# Clutter that trafilatura keeps and the shipped model does not take out (yet): each is a known
# loss, reported as such until a model takes it out.
STORY_KNOWN_LOSSES = {
    "Elsewhere in Coastline": "a teaser box heading inside the story body scores as text (0.86)",
    "RRP £49.99": "a product box inside the story body scores as text",
    "Check price": "a product box inside the story body scores as text",
    "Coastline Media Group is a leading provider": "press-release boilerplate that trafilatura keeps: the "
                                                   "line scorer gives it 0.65 (favor='recall' takes 0.70 "
                                                   "and above; the model shipped before 2026-12-07 gave 0.71)",
}
