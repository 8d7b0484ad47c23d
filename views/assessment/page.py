"""Self-assessment of priority areas: unlock with a code, answer theme by theme, submit, see the summary.

One module per part, beside this one: `entry` (the codes), `form` (the tables, submit, autosave),
`problems` (what a refused submit lacks), `state` (widgets <-> the assessment, the callbacks),
`summary` (the priority summary after submitting), `commitments` (the place's commitments, answers
carried over from an earlier round).
"""

import streamlit as st

from ui import closed, data, followup
from ui import form_keys as keys
from ui.lang import translator
from views.assessment import commitments
from views.assessment.entry import draw_gate
from views.assessment.form import draw_form
from views.assessment.state import resume_with_code

t = translator()
st.title(t("sa.title"))
st.caption(t("sa.intro", tables=t.number_word(len(data.questionnaire().themes))))
closed.notice("assessment")  # closed: drafts are still saved and shown, submitting waits for a reopening

if keys.OPENED not in st.session_state and st.query_params.get("r"):
    resume_with_code(st.query_params["r"], focus=False)  # a reload: the page opens at its top
if keys.OPENED in st.session_state:
    draw_form(st.session_state[keys.OPENED])
elif followup.COMMITMENTS_ONLY in st.session_state:  # no round takes answers: commitments only
    commitments.draw_only()
else:
    commitments.gate_notice()
    draw_gate()
