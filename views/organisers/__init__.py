"""The organisers' page (/organizacion): page.py draws the gate and the tabs, one module per tab."""
