"""The terminal conversations: the questionnaire, prompts, and the auditor's review walk."""
