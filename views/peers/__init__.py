"""Parts of pages that help local governments learn from each other (issue 27), each drawn by the page
it belongs to with one call: the profile's practices, peers and PDF (`profile`), the comparison of
findings text by text (`compare`), the self-assessment's consent to share a contact (`contact`) and
its examples from other local governments (`examples`, also beside the areas on the presenter's table).
"""
