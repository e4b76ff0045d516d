"""A page for the browser test: hostile captions through every way the app shows scraped text."""

import pandas as pd
import streamlit as st

from compass.web.safe_text import md, text

CAPTIONS = [
    "<script>window.__pwned = 1</script>caption one",
    '<img src=x onerror="window.__pwned = 2">',
    "[click me](javascript:window.__pwned=3) and [site](https://evil.example/phish)",
    "![tracker](https://evil.example/pixel.png) **bold** _italic_",
    "# not a heading\n- not a list",
    ":red[colored] :material/home: $x^2$",
    "visit www.evil.example or https://evil.example now, or write to phish@evil.example",
    "<a href='https://evil.example'>html link</a>",
]

st.header("Inert captions")
for caption in CAPTIONS:
    text(caption)
    st.markdown(f"Caption: {md(caption)}")
    st.caption(md(caption))
    st.write(md(caption))
st.dataframe(pd.DataFrame({"caption": CAPTIONS}))
st.text("render-finished")
