"""Account: your own handle and time zone, a download of all your data, and deleting your account."""

from __future__ import annotations

import streamlit as st

from compass.web import actions
from compass.web.import_panel import import_panel
from compass.web.navigation import ACCOUNT
from compass.web.page import open_page
from compass.web.safe_text import md

CONFIRMATION = "delete my account"

visit = open_page(ACCOUNT)
user, current = visit.user, visit.settings

st.title("Your account")
st.caption(f"Signed in as {md(user.label)}")

st.subheader("Settings")
zones = actions.time_zones()
with st.form("account-settings"):
    handle = st.text_input("Your TikTok handle", value=current.own_handle or "", placeholder="@yourhandle")
    known = current.timezone if current.timezone in zones else "UTC"
    zone = st.selectbox(
        "Time zone", zones, index=zones.index(known), help="Every page, file and plan shows times in it."
    )
    if st.form_submit_button("Save"):
        with actions.errors_shown():
            actions.save_settings(user, own_handle=handle or None, timezone=zone or "UTC")
            st.success("Saved.")

st.subheader("Download your data")
st.write(
    "Everything your account holds (niches, jobs, recommendations, settings, sign-in history), "
    "as JSON and CSV files in one zip."
)
if st.button("Prepare my download"):
    st.session_state["account_export"] = actions.account_export(user)
if "account_export" in st.session_state:
    st.download_button(
        "Download my data (.zip)",
        st.session_state["account_export"],
        file_name="creator-compass-my-data.zip",
        mime="application/zip",
    )

st.subheader("Import your exports")
st.write(
    "Apify or drawrowfly exports, TikTok's JSON, or any CSV of videos, collected with other tools: the "
    "creators and videos join the database your niches are analysed from."
)
import_panel(current.timezone, key="account-import")

st.subheader("Delete your account")
st.write(
    "Deletes your niches, jobs, recommendations, settings, audit log and sessions, now and for good. "
    "Public TikTok data stays: it is shared by everyone."
)
typed = st.text_input(f'Type "{CONFIRMATION}" to confirm')
if st.button("Delete my account", type="primary", disabled=typed.strip().lower() != CONFIRMATION):
    actions.delete_my_account(user)
