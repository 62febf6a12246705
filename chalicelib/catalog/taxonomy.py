"""Autocomplete sources for interests, domains and skills, and common email domains for typo hints."""

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
