"""The reader: spaCy's blank English pipeline with our lemmas, cues and topics (pipeline.py), the clause frame
(frames.py, with where cues reach in scope.py, refusals in refusals.py and what restricts a rule in
restrictions.py) and the document's discourse (discourse.py). It says what each clause does to a topic; decide.py says
what that means for an item. Nothing here imports spaCy until a text is read."""
