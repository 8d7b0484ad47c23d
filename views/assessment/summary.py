"""After a submission: the local government's priority summary, and its PDF (built only when asked)."""

import streamlit as st

from indicators.exports import ExportRequest
from ui import data
from ui import form_keys as keys
from ui.lang import language, translator


def draw_summary(current: dict) -> None:
    q = data.questionnaire()
    t = translator()
    lang = language()
    if current.pop("just_submitted", False):
        st.success(t("sa.submitted", version=current["version"]))
    # From the answers' sums the store keeps: a few rows, however many have answered (see
    # indicators/store/answer_totals.py); the whole room's submissions each read them.
    examples, total, summary = data.top_areas(current["place_id"])
    st.header(t("sa.summary_title"))
    st.caption(t("sa.summary_basis", count=total))
    if examples:
        st.warning(t("sa.summary_examples", count=examples))
    by_theme = {theme: [] for theme in q.themes}
    for r in summary.itertuples():
        by_theme[r.theme].append(r)
    for theme, rows in by_theme.items():
        st.markdown(f"**{q.themes[theme][lang]}**")
        st.markdown(
            "\n".join(
                f"{r.rank}. {r.area} — {t('sa.index')}: {r.index:.1f} · {t('sa.in_top3')}: {r.top3}  \n"
                f"   _{t('sa.gcm')}: {r.gcm}_"
                for r in rows
            )
        )
    with st.expander(t("sa.how_computed")):
        st.markdown(t("sa.formula"))
    request = ExportRequest("local_government", "pdf", place_id=current["place_id"])
    st.download_button(
        t("sa.download_pdf"),
        # Built only when clicked: the PDF takes a moment and most visitors never ask for it.
        data=data.export_file_later(request),
        file_name=f"{t('org.file_priorities')}-{current['place_id']}.pdf",
        mime="application/pdf",
        icon=":material/download:",
        key=keys.PDF,
        on_click="ignore",
    )
