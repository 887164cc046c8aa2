"""The work-training programme: each participant's agreement, plan and follow-ups, attendance,
skills and self-ratings, and the programme report. It stands on people (boutique.models.Person);
the page that gathers a participant's sorting, sales and workshop work is pos.mywork."""
