"""Account: your own handle and time zone, a download of all your data, and deleting your account."""

from __future__ import annotations

import streamlit as st

from compass.errors import CompassError
from compass.web.gate import require_user, sign_out
from compass.web.navigation import ACCOUNT
from compass.web.runtime import engine, start_page
from compass.web.safe_text import md
from compass.workspace import get_settings, time_zones, update_settings
from compass.workspace.account import delete_account, export_account

CONFIRMATION = "delete my account"

start_page(ACCOUNT)
user = require_user()

st.title("Your account")
st.caption(f"Signed in as {md(user.label)}")

st.subheader("Settings")
current = get_settings(engine(), user)
zones = time_zones()
with st.form("account-settings"):
    handle = st.text_input("Your TikTok handle", value=current.own_handle or "", placeholder="@yourhandle")
    known = current.timezone if current.timezone in zones else "UTC"
    zone = st.selectbox("Time zone", zones, index=zones.index(known))
    if st.form_submit_button("Save"):
        try:
            update_settings(engine(), user, own_handle=handle or None, timezone=zone or "UTC")
        except CompassError as exc:
            st.error(str(exc))
        else:
            st.success("Saved.")

st.subheader("Download your data")
st.write(
    "Everything your account holds (niches, jobs, recommendations, settings, sign-in history), "
    "as JSON and CSV files in one zip."
)
if st.button("Prepare my download"):
    st.session_state["account_export"] = export_account(engine(), user)
if "account_export" in st.session_state:
    st.download_button(
        "Download my data (.zip)",
        st.session_state["account_export"],
        file_name="creator-compass-my-data.zip",
        mime="application/zip",
    )

st.subheader("Delete your account")
st.write(
    "Deletes your niches, jobs, recommendations, settings, audit log and sessions, now and for good. "
    "Public TikTok data stays: it is shared by everyone."
)
typed = st.text_input(f'Type "{CONFIRMATION}" to confirm')
if st.button("Delete my account", type="primary", disabled=typed.strip().lower() != CONFIRMATION):
    delete_account(engine(), user)
    st.session_state.pop("account_export", None)
    sign_out()
