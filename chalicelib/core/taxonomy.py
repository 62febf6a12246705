"""The marketplace's reference lists: categories (a session's category, a mentor's domains, a
learner's preferred categories — always one of CATEGORIES), skills (autocomplete; free text is
allowed there), and common email domains for typo hints. Shared by accounts and catalog."""

from __future__ import annotations

CATEGORIES = [
    "Programming", "Data Science", "Mathematics", "Physics", "Chemistry", "Biology", "Design",
    "Business", "Finance", "Marketing", "Languages", "Music", "Career", "Communication", "Exam Prep",
    "Writing", "Art", "Product Management", "Cloud & DevOps", "Cybersecurity",
]

SKILLS = [
    "Python", "JavaScript", "TypeScript", "Java", "C", "C++", "C#", "Go", "Rust", "Kotlin", "Swift", "SQL",
    "HTML", "CSS", "React", "Node.js", "Django", "Flask", "Spring Boot", "Android", "iOS",
    "Data Structures", "Algorithms", "System Design", "Machine Learning", "Deep Learning", "Pandas",
    "NumPy", "Statistics", "Data Visualization", "Excel", "Power BI", "Tableau", "AWS", "Docker",
    "Kubernetes", "Linux", "Git", "Algebra", "Geometry", "Trigonometry", "Calculus", "Linear Algebra",
    "Probability", "Mechanics", "Electromagnetism", "Organic Chemistry", "Genetics", "Figma",
    "UI Design", "UX Research", "Graphic Design", "Illustration", "Photography", "Video Editing",
    "Accounting", "Investing", "Personal Finance", "Digital Marketing", "SEO", "Copywriting",
    "Public Speaking", "Interview Preparation", "Resume Writing", "Leadership", "Negotiation",
    "English", "Hindi", "Spanish", "French", "German", "Japanese", "IELTS", "GRE", "GMAT", "JEE",
    "NEET", "UPSC", "CAT", "Guitar", "Piano", "Singing", "Product Strategy", "Agile", "Cybersecurity Basics",
]

EMAIL_DOMAINS = [
    "gmail.com", "yahoo.com", "yahoo.co.in", "outlook.com", "hotmail.com", "icloud.com", "rediffmail.com",
    "protonmail.com", "live.com", "aol.com", "zoho.com",
]


_BY_FOLD = {c.casefold(): c for c in CATEGORIES}

# Free text the wizard used to accept, mapped onto a category (the one-off migration uses these).
SYNONYMS = {
    "data": "Data Science", "data analysis": "Data Science", "data analytics": "Data Science",
    "machine learning": "Data Science", "ml": "Data Science", "ai": "Data Science",
    "artificial intelligence": "Data Science", "web development": "Programming", "web dev": "Programming",
    "software engineering": "Programming", "coding": "Programming", "computer science": "Programming",
    "math": "Mathematics", "maths": "Mathematics", "statistics": "Mathematics", "devops": "Cloud & DevOps",
    "cloud": "Cloud & DevOps", "aws": "Cloud & DevOps", "security": "Cybersecurity", "ui/ux": "Design",
    "ux": "Design", "ui": "Design", "english": "Languages", "hindi": "Languages", "product": "Product Management",
    "careers": "Career", "interview preparation": "Career", "exams": "Exam Prep", "jee": "Exam Prep",
    "neet": "Exam Prep", "upsc": "Exam Prep",
}


def category(value: str) -> str | None:
    """The category `value` names (any letter case), or None: only listed values are categories."""
    return _BY_FOLD.get(value.strip().casefold())


def closest_category(value: str) -> str | None:
    """For migrating free text: an exact name, a known synonym, or the one category it starts."""
    folded = value.strip().casefold()
    if not folded:
        return None
    if folded in _BY_FOLD:
        return _BY_FOLD[folded]
    if folded in SYNONYMS:
        return SYNONYMS[folded]
    starts = [c for c in CATEGORIES if c.casefold().startswith(folded)]
    return starts[0] if len(starts) == 1 else None
