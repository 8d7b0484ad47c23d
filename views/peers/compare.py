"""The profiles' comparison, text by text: per domain, what the local IGM found in each compared place,
side by side (Streamlit puts columns one under the other on a phone: one place after another).

No order among places and no score: the places stay in the order they were chosen, and each finding
is shown as written in its report (ui.lang.literal).
"""

from collections.abc import Callable

import streamlit as st

from indicators.profiles import findings_by_domain
from indicators.results import FINDING_TYPES
from ui import data
from ui.lang import literal, translator


def draw_compared_texts(compared: list[str], labels: dict[str, str], heading: Callable[[str], str]) -> None:
    """Per domain (titled by `heading`), a column of findings per place of `compared`."""
    t = translator()
    framework = data.framework()
    findings = data.current_findings(tuple(compared))
    st.markdown(f"#### {t('compare_text.title')}")
    st.caption(t("compare_text.intro"))
    by_place = {
        place: findings_by_domain(findings[findings["place_id"] == place], framework) for place in compared
    }
    examples = set(findings.loc[findings["is_example"], "place_id"])
    found = set(findings["place_id"])
    for number, domain in enumerate(framework.domains.index):
        with st.expander(heading(domain), expanded=number == 0):
            for column, place in zip(st.columns(len(compared)), compared, strict=True):
                with column.container(key=f"cmp_{domain}_{place}"):
                    badge = f" :orange-badge[{t('peers.example_mark')}]" if place in examples else ""
                    st.markdown(f"**{literal(labels.get(place, place))}**{badge}")
                    if place not in found:
                        st.caption(t("profile.compare_none"))
                        continue
                    for kind in FINDING_TYPES:
                        rows = by_place[place][domain][kind]
                        st.markdown(f"*{t(f'profile.{kind}')}*")
                        if not rows:
                            st.caption(t("profile.none_found"))
                        else:
                            st.markdown("\n".join(f"- {literal(row['finding'])}" for row in rows))
