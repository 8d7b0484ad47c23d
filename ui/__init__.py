"""The Streamlit side of the app, one module per concern (views import what they use):

- routes.py   the route list: every view's script, address and icon (no Streamlit import)
- data.py     every read a view needs, cached on the database and its data revisions
- actions.py  every write a view does (no view touches the store); organisers' writes checked and audited
- lang.py     the translator, the language switch, user text shown as text
- gate.py     organisers' log-in and sessions (accounts), the access codes, their rate limits
- widgets.py  what several pages draw alike: problem lists, place pickers, key figures, file imports
- frame.py    what app.py draws around every page: CSS, Streamlit's own texts, store health
"""
