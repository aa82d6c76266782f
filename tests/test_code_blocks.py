"""Fenced code blocks in markdown input are kept as written: their lines are never removed or
taken into a field, they keep their indentation, and they stay one block in the body and in
the markdown. A fence that is never closed shields nothing."""

from __future__ import annotations

import newsclean
from newsclean.text.lines import split_lines

from helpers.accounting import check_all

STORY = """# How we sped up our build by 40%

By Jane Doe

Our build used to take 25 minutes. Last month we cut it to 15, and this post explains how.

The first change was caching dependencies between runs, in the workflow file:

```yaml
- uses: actions/cache@v4
  with:
    path: ~/.cache/pip
```

The second change was a small helper that splits the test suite into shards:

```python
# Share this with the team
def shard(tests, n):
    print("Sign up for our newsletter")
    return [tests[i::n] for i in range(n)]
```

Together these two changes saved ten minutes a run, which adds up to hours every week.

Sign up for our newsletter
Share this article
"""

YAML = "```yaml\n- uses: actions/cache@v4\n  with:\n    path: ~/.cache/pip\n```"
PYTHON = ('```python\n# Share this with the team\ndef shard(tests, n):\n    print("Sign up for our newsletter")\n'
          "    return [tests[i::n] for i in range(n)]\n```")


def test_code_blocks_are_kept_as_written_in_the_body_and_the_markdown() -> None:
    article = newsclean.clean(STORY, kind="markdown")
    paragraphs = article.body.split("\n\n")
    assert YAML in paragraphs and PYTHON in paragraphs
    markdown = article.to_markdown()
    assert "\n\n" + YAML + "\n\n" in markdown and "\n\n" + PYTHON + "\n\n" in markdown
    check_all(STORY, article)


def test_lines_of_code_are_never_clutter_but_the_same_lines_outside_are() -> None:
    article = newsclean.clean(STORY, kind="markdown")
    removed = {(r.category, r.text) for r in article.removed}
    assert ("newsletter-plug", "Sign up for our newsletter") in removed  # below the story
    assert ("share-prompt", "Share this article") in removed
    code = {line.number for line in split_lines(STORY).lines if line.code}
    assert len(code) == 11  # both blocks, fences included
    assert not any(r.line in code for r in article.removed)
    assert article.title == "How we sped up our build by 40%"


def test_a_fence_that_is_never_closed_shields_nothing() -> None:
    text = "A story paragraph that runs long enough to read as one.\n\n```\n\nSign up for our newsletter\n"
    assert not any(line.code for line in split_lines(text).lines)
    article = newsclean.clean(text, kind="markdown")
    assert ("newsletter-plug", "Sign up for our newsletter") in {(r.category, r.text) for r in article.removed}


def test_inline_code_and_plain_text_open_no_block() -> None:
    assert not any(line.code for line in split_lines("```x``` is inline\ntext\n```y```\n").lines)
    assert not any(line.code for line in split_lines("```\ncode\n```\n", markdown=False).lines)
    fenced = split_lines("text\n~~~~\n  indented\n~~~\n~~~~\n").lines
    assert [line.code for line in fenced] == [False, True, True, True, True]
    assert fenced[2].text == "  indented"


def test_cleaning_the_cleaned_body_changes_nothing() -> None:
    article = newsclean.clean(STORY, kind="markdown")
    again = newsclean.clean(article.body, kind="markdown")
    assert again.body == article.body
    assert not again.removed


PAGE = """<html><head><title>How we shard tests</title></head><body><article><h1>How we shard tests</h1>
<p>Our build used to take 25 minutes, and this post explains how we cut it to fifteen in the end.</p>
<pre><code>def shard(tests, n):
    print("Sign up for our newsletter")
    return [tests[i::n] for i in range(n)]
</code></pre>
<p>Together these changes saved ten minutes a run, which adds up to hours every single week.</p>
</article><footer><p>Sign up for our newsletter</p></footer></body></html>"""
PAGE_CODE = ('```\ndef shard(tests, n):\n    print("Sign up for our newsletter")\n'
             "    return [tests[i::n] for i in range(n)]\n```")


def test_a_pre_block_of_a_page_is_a_code_block_kept_as_written() -> None:
    for options in ({}, {"favor": "recall"}, {"favor": "precision"}, {"disable": ["line-model"]}):
        article = newsclean.clean(PAGE, **options)
        assert PAGE_CODE in article.body.split("\n\n"), options
        assert "\n\n" + PAGE_CODE + "\n\n" in article.to_markdown(), options
        assert not any("print(" in r.text for r in article.removed), options
        again = newsclean.clean(article.body, kind="markdown", **options)
        assert again.body == article.body and not again.removed, options


def test_a_code_block_with_a_blank_line_stays_code_in_the_markdown() -> None:
    text = ("A story paragraph that runs long enough to read as one sentence of text.\n\n"
            "```\nls -l\n\n| grep [x](y)\n```\n\nAnother paragraph of the story that ends it all well.\n")
    markdown = newsclean.clean(text, kind="markdown").to_markdown(links=False)
    assert "```\nls -l\n\n| grep [x](y)\n```" in markdown  # no table rule, no link stripped
