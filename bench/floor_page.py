"""The pages benchmark's floor: the least a Streamlit page with one chart costs in a browser, served by the
same Streamlit as the app (``bench/pages.py`` opens it as it opens the app's pages)."""

import altair as alt
import pandas as pd
import streamlit as st

st.title("Floor")
points = pd.DataFrame({"x": range(100), "y": [(i * 37) % 100 for i in range(100)]})
st.vega_lite_chart(spec=alt.Chart(points).mark_circle().encode(x="x:Q", y="y:Q").to_dict(), width="stretch")
